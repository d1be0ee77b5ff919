import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's load generator (JDK 21+: virtual threads carry the concurrency). One fixed chat
 * request, sent the same way to the fake upstream, the peers and the gateway. Prints
 * {@code key=value} lines for bench/run.sh. Extra request headers (a peer's routing headers) come
 * from the environment: {@code LOAD_HEADERS="x-portkey-provider:openai;Authorization:Bearer x"}.
 * <pre>
 * java bench/LoadClient.java suite      URL MODEL RUNS WARMUP_SECONDS [PID] # warm-up, then RUNS × (latency, throughput): medians
 * java bench/LoadClient.java latency    URL MODEL REQUESTS                 # 1 connection, one after another
 * java bench/LoadClient.java throughput URL MODEL CONNECTIONS SECONDS      # saturation
 * java bench/LoadClient.java stream     URL MODEL REQUESTS                 # time to first chunk, per-chunk delay
 * java bench/LoadClient.java streams    URL MODEL CONCURRENT [SPREAD_MS]   # per-chunk delay with many streams open
 * java bench/LoadClient.java mixed      OPENAI_URL OLLAMA_URL MODEL CONCURRENT   # half SSE, half NDJSON, byte-exact
 * java bench/LoadClient.java ws         WS_URL MODEL STREAMS CONNECTIONS   # WebSocket streams, multiplexed
 * </pre>
 * Models: the fake upstream writes its clock into chunks for "stamp…" models (forwarding delay) and
 * " t0 t1 …" for the others (byte-exact checks).
 */
public final class LoadClient {

    private static final ExecutorService VIRTUAL = Executors.newVirtualThreadPerTaskExecutor();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(VIRTUAL).connectTimeout(Duration.ofSeconds(30)).build();
    private static final Pattern CONTENT = Pattern.compile("\"content\":\"([^\"]*)\"");

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "suite" -> suite(URI.create(args[1]), args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    args.length > 5 ? Long.parseLong(args[5]) : 0);
            case "latency" -> latency(URI.create(args[1]), args[2], Integer.parseInt(args[3]));
            case "throughput" -> throughput(URI.create(args[1]), args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "stream" -> stream(URI.create(args[1]), args[2], Integer.parseInt(args[3]));
            case "streams" -> streams(URI.create(args[1]), args[2], Integer.parseInt(args[3]),
                    args.length > 4 ? Long.parseLong(args[4]) : 0);
            case "mixed" -> mixed(URI.create(args[1]), URI.create(args[2]), args[3], Integer.parseInt(args[4]));
            case "ws" -> ws(URI.create(args[1]), args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.exit(0);
    }

    private static String chatBody(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
    }

    /** Extra request headers from LOAD_HEADERS, "name:value;name:value". */
    private static List<String[]> extraHeaders() {
        List<String[]> headers = new ArrayList<>();
        String extra = System.getenv("LOAD_HEADERS");
        if (extra != null && !extra.isBlank()) {
            for (String header : extra.split(";")) {
                headers.add(new String[] {header.substring(0, header.indexOf(':')).trim(), header.substring(header.indexOf(':') + 1).trim()});
            }
        }
        return headers;
    }

    private static HttpRequest request(URI url, String model, boolean stream) {
        String body = chatBody(model, stream);
        HttpRequest.Builder request = HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(300)).POST(HttpRequest.BodyPublishers.ofString(body));
        for (String[] header : extraHeaders()) {
            request.header(header[0], header[1]);
        }
        return request.build();
    }

    private static void latency(URI url, String model, int requests) throws Exception {
        print("latency", latencies(url, model, requests));
    }

    /**
     * REQUESTS one after another on one kept-alive connection, read on a platform thread with plain
     * blocking socket I/O (as wrk does): the JDK's HttpClient hands every reply from its selector
     * thread to the caller's thread, which added about 0.2 ms and millisecond tails of its own to
     * every request and hid the targets' differences.
     */
    private static List<Long> latencies(URI url, String model, int requests) throws Exception {
        List<Long> micros = new ArrayList<>();
        RawHttp connection = new RawHttp(url);
        byte[] request = RawHttp.post(url, chatBody(model, false), true);
        try {
            for (int i = 0; i < requests; i++) {
                long start = System.nanoTime();
                int status = connection.exchange(request);
                micros.add((System.nanoTime() - start) / 1000);
                if (status != 200) {
                    throw new IllegalStateException("status " + status);
                }
                if (!connection.keptAlive()) {    // nginx closes a connection after 1,000 requests
                    connection.close();
                    connection = new RawHttp(url);
                }
            }
        } finally {
            connection.close();
        }
        Collections.sort(micros);
        return micros;
    }

    /**
     * In one JVM, so that the client is as warm as the target: WARMUP seconds of saturation (the
     * target's JIT compiles its hot paths: a JVM needs about a minute on two shared cores), then
     * RUNS times 5,000 requests on one connection and 10 s of 16 connections; the medians of the runs.
     * With the target's PID: the CPU time it spent per request while saturated (user and system, all
     * its threads), which the other processes sharing the cores disturb far less than its latency.
     */
    private static void suite(URI url, String model, int runs, int warmupSeconds, long pid) throws Exception {
        saturate(url, model, 16, warmupSeconds, null, new AtomicInteger());
        List<Long> p50 = new ArrayList<>();
        List<Long> p99 = new ArrayList<>();
        List<Long> rps = new ArrayList<>();
        List<Long> cpu = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            List<Long> micros = latencies(url, model, 5000);
            p50.add(micros.get(micros.size() / 2));
            p99.add(micros.get(micros.size() * 99 / 100 - 1));
            long cpuBefore = cpuMicros(pid);
            long requests = saturate(url, model, 16, 10, null, new AtomicInteger());
            rps.add(requests / 10);
            cpu.add((cpuMicros(pid) - cpuBefore) / Math.max(1, requests));
        }
        System.out.println("latency.p50_us=" + median(p50));
        System.out.println("latency.p99_us=" + median(p99));
        System.out.println("throughput.rps=" + median(rps));
        System.out.println("throughput.runs=" + rps);
        if (pid > 0) {
            System.out.println("cpu.us_per_request=" + median(cpu));
        }
    }

    /** User and system CPU time of process PID so far (/proc/PID/stat: fields 14 and 15, in clock ticks of 10 ms). */
    private static long cpuMicros(long pid) throws java.io.IOException {
        if (pid <= 0) {
            return 0;
        }
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");    // after "pid (name) "
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /**
     * CONNECTIONS kept-alive connections sending for SECONDS, each on a platform thread of its own;
     * the requests answered (with each one's time in MICROS when given).
     */
    private static long saturate(URI url, String model, int connections, int seconds, List<Long> micros, AtomicInteger errors)
            throws InterruptedException {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < connections; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                while (System.nanoTime() < end) {
                    try (RawHttp connection = new RawHttp(url)) {
                        byte[] request = RawHttp.post(url, chatBody(model, false), true);
                        while (System.nanoTime() < end && connection.keptAlive()) {
                            long start = System.nanoTime();
                            if (connection.exchange(request) != 200) {
                                throw new IOException("not 200");
                            }
                            done.incrementAndGet();
                            if (micros != null) {
                                micros.add((System.nanoTime() - start) / 1000);
                            }
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();    // a new connection, then on
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(seconds + 60L));
        }
        return done.get();
    }

    private static void throughput(URI url, String model, int connections, int seconds) throws Exception {
        AtomicInteger errors = new AtomicInteger();
        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        long done = saturate(url, model, connections, seconds, micros, errors);
        System.out.println("throughput.rps=" + done / seconds);
        System.out.println("throughput.errors=" + errors.get());
        print("throughput", micros);
    }

    /** One stream after another: time to the first chunk, and how late each chunk is (its text is the upstream's clock). */
    private static void stream(URI url, String model, int requests) throws Exception {
        List<Long> firstChunk = new ArrayList<>();
        List<Long> perChunk = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            long first = readStamped(url, model, perChunk);
            firstChunk.add((first - start) / 1000);
        }
        print("ttfc", firstChunk);
        print("chunk", perChunk);
    }

    /**
     * CONCURRENT streams open together, all read by one thread on a selector (as an event-driven
     * client reads them: one wake-up for whatever arrived, not one thread woken per chunk, whose
     * wake-ups on two shared cores preempted the very relays being measured): how late each chunk
     * is while all of them are open, counting only chunks the upstream wrote after the last stream
     * opened (the burst of opening them is not the forwarding delay). With SPREAD_MS 0 they start
     * at once, so every stream's chunk is written at the same instant (a burst of CONCURRENT chunks
     * each interval); with the upstream's chunk interval as SPREAD_MS their starts are spread evenly
     * over it, as the streams of independent users are.
     */
    private static void streams(URI url, String model, int concurrent, long spreadMs) throws Exception {
        List<Long> perChunk = new ArrayList<>();
        byte[] request = RawHttp.post(url, chatBody(model, true), false);
        ByteBuffer buffer = ByteBuffer.allocate(65536);
        int started = 0;
        int opened = 0;
        int ended = 0;
        int failed = 0;
        long countFrom = Long.MAX_VALUE;
        long begin = System.nanoTime();
        long deadline = begin + TimeUnit.MINUTES.toNanos(10);
        try (Selector selector = Selector.open()) {
            while (ended < concurrent && System.nanoTime() < deadline) {
                while (started < concurrent && System.nanoTime() - begin >= TimeUnit.MILLISECONDS.toNanos(spreadMs) * started / concurrent) {
                    started++;
                    try {
                        SocketChannel channel = SocketChannel.open(new InetSocketAddress(url.getHost(), url.getPort()));
                        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                        channel.write(ByteBuffer.wrap(request));
                        channel.configureBlocking(false);
                        channel.register(selector, SelectionKey.OP_READ, new OpenStream());
                    } catch (IOException e) {
                        failed++;
                        ended++;
                    }
                }
                selector.select(1);
                for (SelectionKey key : selector.selectedKeys()) {
                    OpenStream stream = (OpenStream) key.attachment();
                    SocketChannel channel = (SocketChannel) key.channel();
                    buffer.clear();
                    int read;
                    try {
                        read = channel.read(buffer);
                    } catch (IOException e) {
                        read = -1;
                    }
                    long now = epochMicros();
                    if (read < 0) {
                        key.cancel();
                        channel.close();
                        ended++;
                        continue;
                    }
                    StringBuilder unread = stream.unread.append(new String(buffer.array(), 0, read, StandardCharsets.ISO_8859_1));
                    if (!stream.headSeen && unread.length() >= 12) {
                        stream.headSeen = true;
                        if (!unread.substring(9, 12).equals("200")) {        // "HTTP/1.1 200"
                            failed++;
                        } else if (++opened == concurrent) {
                            countFrom = now;
                        }
                    }
                    Matcher content = CONTENT.matcher(unread);
                    int consumed = 0;
                    while (content.find()) {
                        consumed = content.end();
                        String stamp = content.group(1).trim();
                        if (!stamp.isEmpty() && Long.parseLong(stamp) >= countFrom) {
                            perChunk.add(now - Long.parseLong(stamp));
                        }
                    }
                    unread.delete(0, consumed);
                }
                selector.selectedKeys().clear();
            }
        }
        System.out.println("streams.failed=" + (failed + concurrent - ended));
        print("streams.chunk", perChunk);
    }

    /** What one stream of {@link #streams} has read but not yet matched. */
    private static final class OpenStream {
        final StringBuilder unread = new StringBuilder();
        boolean headSeen;
    }

    /** Reads one stream; adds to PER_CHUNK how late each of its chunks came (its text is the upstream's clock). */
    private static long readStamped(URI url, String model, List<Long> perChunk) throws Exception {
        long first = 0;
        try (RawHttp connection = new RawHttp(url)) {
            int status = connection.send(RawHttp.post(url, chatBody(model, true), false));
            if (status != 200) {
                throw new IllegalStateException("status " + status);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(connection.body(), StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                Matcher content = CONTENT.matcher(line);
                if (!content.find() || content.group(1).isBlank()) {
                    continue;
                }
                long now = epochMicros();
                if (first == 0) {
                    first = System.nanoTime();
                }
                perChunk.add(now - Long.parseLong(content.group(1).trim()));
            }
        }
        if (first == 0) {
            throw new IllegalStateException("no chunk");
        }
        return first;
    }

    private static long epochMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    /** Half through the OpenAI door (SSE), half through the Ollama door (NDJSON); each reply's text must be exact. */
    private static void mixed(URI openAi, URI ollama, String model, int concurrent) throws Exception {
        AtomicInteger complete = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger inexact = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < concurrent; i++) {
            URI url = i % 2 == 0 ? openAi : ollama;
            all.add(CompletableFuture.runAsync(() -> {
                try {
                    HttpResponse<String> response = HTTP.send(request(url, model, true), HttpResponse.BodyHandlers.ofString());
                    StringBuilder text = new StringBuilder();
                    Matcher content = CONTENT.matcher(response.body());
                    while (content.find()) {
                        text.append(content.group(1));
                    }
                    boolean ended = response.body().contains("[DONE]") || response.body().contains("\"done\":true");
                    if (response.statusCode() != 200 || !ended || response.body().contains("\"error\"")) {
                        failed.incrementAndGet();
                        failures.add(response.statusCode() + " " + response.body().substring(0, Math.min(200, response.body().length())));
                    } else if (!text.toString().equals(expectedText())) {
                        inexact.incrementAndGet();
                    } else {
                        complete.incrementAndGet();
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                    failures.add(e.toString());
                }
            }, VIRTUAL));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(900, TimeUnit.SECONDS);
        System.out.println("mixed.complete=" + complete.get());
        System.out.println("mixed.failed=" + failed.get());
        System.out.println("mixed.inexact=" + inexact.get());
        System.out.println("mixed.seconds=" + (System.nanoTime() - start) / 1_000_000 / 1000.0);
        failures.stream().limit(3).forEach(f -> System.err.println("mixed failure: " + f));
    }

    /** The text the fake upstream streams for a model whose name does not start with "stamp". */
    private static String expectedText() {
        int chunks = Integer.parseInt(System.getenv().getOrDefault("CHUNKS", "20"));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < chunks; i++) {
            text.append(" t").append(i);
        }
        return text.toString();
    }

    /** STREAMS chat requests spread over CONNECTIONS WebSockets, all at once; each must end in a done frame. */
    private static void ws(URI url, String model, int streams, int connections) throws Exception {
        AtomicInteger done = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(streams);
        long start = System.nanoTime();
        List<WebSocket> sockets = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            sockets.add(HTTP.newWebSocketBuilder().buildAsync(url, new WebSocket.Listener() {
                private final StringBuilder frame = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                    frame.append(data);
                    if (last) {
                        String text = frame.toString();
                        frame.setLength(0);
                        if (text.startsWith("{\"type\":\"done\"")) {
                            done.incrementAndGet();
                            finished.countDown();
                        } else if (text.startsWith("{\"type\":\"error\"")) {
                            errors.incrementAndGet();
                            finished.countDown();
                        }
                    }
                    socket.request(1);
                    return null;
                }
            }).get(30, TimeUnit.SECONDS));
        }
        for (int i = 0; i < streams; i++) {
            sockets.get(i % connections).sendText("{\"type\":\"chat\",\"id\":\"s" + i + "\",\"model\":\"" + model
                    + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}", true).get(30, TimeUnit.SECONDS);
        }
        finished.await(600, TimeUnit.SECONDS);
        System.out.println("ws.done=" + done.get());
        System.out.println("ws.errors=" + errors.get());
        System.out.println("ws.seconds=" + (System.nanoTime() - start) / 1_000_000 / 1000.0);
    }

    private static void print(String name, List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        System.out.println(name + ".count=" + sorted.size());
        if (sorted.isEmpty()) {
            return;
        }
        System.out.println(name + ".p50_us=" + sorted.get(sorted.size() / 2));
        System.out.println(name + ".p99_us=" + sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1)));
    }

    /**
     * One HTTP/1.1 connection on a plain blocking socket, as wrk and curl speak it: a request is
     * written in one go, the reply's head read, and its body read by Content-Length, chunked
     * transfer coding or to the end of the connection.
     */
    private static final class RawHttp implements AutoCloseable {

        private final URI url;
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private InputStream body = InputStream.nullInputStream();
        private boolean keptAlive = true;

        RawHttp(URI url) throws IOException {
            this.url = url;
            socket = new Socket(url.getHost(), url.getPort());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(300_000);
            in = new BufferedInputStream(socket.getInputStream(), 65536);
            out = socket.getOutputStream();
        }

        /** The bytes of a POST of BODY (JSON) to URL with LOAD_HEADERS. */
        static byte[] post(URI url, String body, boolean keepAlive) {
            byte[] json = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder("POST ").append(url.getRawPath()).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(url.getHost()).append(':').append(url.getPort()).append("\r\n")
                    .append("Content-Type: application/json\r\nContent-Length: ").append(json.length).append("\r\n");
            for (String[] header : extraHeaders()) {
                head.append(header[0]).append(": ").append(header[1]).append("\r\n");
            }
            head.append(keepAlive ? "" : "Connection: close\r\n").append("\r\n");
            byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
            byte[] request = Arrays.copyOf(headBytes, headBytes.length + json.length);
            System.arraycopy(json, 0, request, headBytes.length, json.length);
            return request;
        }

        /** Sends REQUEST and reads its whole reply; the status. */
        int exchange(byte[] request) throws IOException {
            int status = send(request);
            body.transferTo(OutputStream.nullOutputStream());
            return status;
        }

        /** Sends REQUEST and reads the reply's head; the status (the body is then read from body()). */
        int send(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = line();
            long length = -1;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String name = header.substring(0, header.indexOf(':')).trim();
                String value = header.substring(header.indexOf(':') + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.equalsIgnoreCase("chunked");
                } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                    keptAlive = false;
                }
            }
            body = chunked ? new Chunked() : length >= 0 ? new Bounded(length) : in;
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        InputStream body() {
            return body;
        }

        /** Whether the server keeps the connection open after this reply (no "Connection: close"). */
        boolean keptAlive() {
            return keptAlive;
        }

        /** One CRLF-ended line of the reply's head or of the chunked coding, without its end. */
        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new EOFException("connection closed");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }

        /** A reply body, read by blocks. */
        private abstract static class Body extends InputStream {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }
        }

        /** A body of a known length. */
        private final class Bounded extends Body {
            private long left;

            Bounded(long length) {
                left = length;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (left == 0) {
                    return -1;
                }
                int read = in.read(buffer, offset, (int) Math.min(length, left));
                if (read < 0) {
                    throw new EOFException("body cut short");
                }
                left -= read;
                return read;
            }
        }

        /** A body in chunked transfer coding ("1a\r\n" + 26 bytes + "\r\n" … "0\r\n\r\n"), decoded. */
        private final class Chunked extends Body {
            private long left;
            private boolean done;

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (left == 0 && !done) {
                    left = Long.parseLong(line().split(";")[0].trim(), 16);
                    if (left == 0) {
                        done = true;
                        while (!line().isEmpty()) {
                            // trailers
                        }
                    }
                }
                if (done) {
                    return -1;
                }
                int read = in.read(buffer, offset, (int) Math.min(length, left));
                if (read < 0) {
                    throw new EOFException("chunk cut short");
                }
                left -= read;
                if (left == 0) {
                    line();    // the CRLF after the chunk's data
                }
                return read;
            }
        }
    }
}
