package dev.llmgateway.vertx;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.util.List;
import java.util.Locale;

/**
 * Vert.x's request decoder, strict about how a request says where its body ends. Netty reads
 * <pre>
 * POST /v1/chat/completions HTTP/1.1
 * Content-Length: 4
 * Transfer-Encoding: chunked
 *
 * 0
 *
 * GET /api/status HTTP/1.1 …
 * </pre>
 * as chunked, drops the Content-Length and serves the second request too: one that a proxy in
 * front, reading Content-Length, never saw (request smuggling). RFC 9112 §6.3 asks a server to treat
 * such a request as an error and close the connection. Failing here, inside Netty's header parsing,
 * marks the request invalid and discards every later byte of the connection; Vert.x then answers 400
 * and closes it. Refused the same way: Transfer-Encoding in HTTP/1.0, and any transfer coding but a
 * lone {@code chunked}.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {

    StrictRequestDecoder(HttpServerOptions options) {
        super(options);
    }

    /** Netty's hook for this very case (its default: drop Content-Length and go on); HTTP/1.1 only. */
    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw new IllegalArgumentException("both Transfer-Encoding and Content-Length");
    }

    /** Runs right after the headers of every request were read, before the body's framing is chosen. */
    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage message) {
        List<String> codings = message.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!codings.isEmpty()) {
            if (message.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                throw new IllegalArgumentException("Transfer-Encoding in an HTTP/1.0 request");
            }
            if (!String.join(",", codings).trim().toLowerCase(Locale.ROOT).equals("chunked")) {
                throw new IllegalArgumentException("a Transfer-Encoding other than chunked");
            }
            if (message.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
                throw new IllegalArgumentException("both Transfer-Encoding and Content-Length");
            }
        }
        return super.isContentAlwaysEmpty(message);
    }
}
