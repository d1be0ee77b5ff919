# A fake Ollama for the CI scripts, in Ollama's wire format: GET /api/tags lists llama3.2:latest,
# POST /api/chat answers "Bonjour!" whole, or streamed as NDJSON a word each 300 ms:
#   {"model":"llama3.2","created_at":"…","message":{"role":"assistant","content":"Bon"},"done":false}
#   python3 .ci/fake-ollama.py 11434
import http.server, json, sys, time
TAGS = {"models": [{"name": "llama3.2:latest", "model": "llama3.2:latest", "modified_at": "2025-05-04T17:37:44.706Z",
                    "size": 2019393189, "digest": "a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72",
                    "details": {"format": "gguf", "family": "llama", "parameter_size": "3.2B", "quantization_level": "Q4_K_M"}}]}
class Fake(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def send_json(self, body):
        data = json.dumps(body).encode()
        self.send_response(200); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data))); self.end_headers(); self.wfile.write(data)
    def do_GET(self):
        self.send_json(TAGS if self.path == "/api/tags" else {"models": []})
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        words = ["Bon", "jour", "!"]
        if not body.get("stream", True):
            self.send_json({"model": body["model"], "created_at": "2025-07-07T20:32:53Z",
                            "message": {"role": "assistant", "content": "Bonjour!"}, "done": True, "done_reason": "stop",
                            "prompt_eval_count": 5, "eval_count": 3})
            return
        self.send_response(200); self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked"); self.end_headers()
        def chunk(obj):
            data = (json.dumps(obj) + "\n").encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data)); self.wfile.flush()
        for word in words:
            chunk({"model": body["model"], "created_at": "2025-07-07T20:32:53Z", "message": {"role": "assistant", "content": word}, "done": False})
            time.sleep(0.3)
        chunk({"model": body["model"], "created_at": "2025-07-07T20:32:54Z", "message": {"role": "assistant", "content": ""},
               "done": True, "done_reason": "stop", "prompt_eval_count": 5, "eval_count": 3})
        self.wfile.write(b"0\r\n\r\n"); self.wfile.flush()
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Fake).serve_forever()
