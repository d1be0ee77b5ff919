package dev.llmgateway.vertx;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes HTTP/1.1 connections of clients that are slow on purpose (slowloris), without ever timing
 * a reply: a local model may think for minutes before its first token, and stream for many more.
 * <pre>
 * connection open, or last reply sent ──idleTimeout──► first byte of the next request
 * first byte of a request ─────────────headerTimeout──► its headers are complete
 * headers complete ──────────────────────bodyTimeout──► its body is complete
 * body complete … reply sent                            no limit here
 * </pre>
 * A client that overstays gets {@code 408} (when no reply has begun) and the connection is closed.
 * Vert.x's own idle timeouts cannot do this: they count while a reply is pending too. Everything
 * runs on the connection's event loop. A WebSocket upgrade ({@code 101}) removes the guard.
 */
final class SlowClientGuard extends ChannelDuplexHandler {

    private static final byte[] TIMEOUT = "HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1);

    private enum Phase { IDLE, HEADERS, BODY, REPLYING }

    private final long idleMillis;
    private final long headerMillis;
    private final long bodyMillis;
    private Phase phase = Phase.IDLE;
    private int repliesDue;
    private boolean nextRequestBegun;
    private boolean replyBegun;
    private ScheduledFuture<?> timer;
    private ChannelHandlerContext context;
    private ChannelHandlerContext rawContext;

    /** Sees the raw bytes before the HTTP decoder: only to notice when a request begins. */
    private final ChannelInboundHandlerAdapter raw = new ChannelInboundHandlerAdapter() {
        @Override
        public void handlerAdded(ChannelHandlerContext added) {
            rawContext = added;
        }

        @Override
        public void channelRead(ChannelHandlerContext read, Object bytes) {
            requestBytes();
            read.fireChannelRead(bytes);
        }
    };

    private SlowClientGuard(Duration idle, Duration header, Duration body) {
        this.idleMillis = idle.toMillis();
        this.headerMillis = header.toMillis();
        this.bodyMillis = body.toMillis();
    }

    /** Installs the guard on an HTTP/1.x pipeline ({@code httpDecoder} … {@code handler}); false on another one. */
    static boolean install(ChannelPipeline pipeline, Duration idle, Duration header, Duration body) {
        if (pipeline.get("httpDecoder") == null || pipeline.get("handler") == null) {
            return false;
        }
        SlowClientGuard guard = new SlowClientGuard(idle, header, body);
        pipeline.addBefore("httpDecoder", "llmSlowClientBytes", guard.raw);
        pipeline.addBefore("handler", "llmSlowClientGuard", guard);
        return true;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext added) {
        context = added;
        arm(idleMillis);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext removed) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext inactive) throws Exception {
        cancel();
        super.channelInactive(inactive);
    }

    private void requestBytes() {
        if (phase == Phase.IDLE) {
            phase = Phase.HEADERS;
            arm(headerMillis);
        } else if (phase == Phase.REPLYING) {
            nextRequestBegun = true;                // pipelined: timed once the reply is out
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext read, Object message) throws Exception {
        if (message instanceof HttpRequest) {
            repliesDue++;
            replyBegun = false;
            phase = message instanceof LastHttpContent ? Phase.REPLYING : Phase.BODY;
            arm(phase == Phase.BODY ? bodyMillis : 0);
        } else if (message instanceof LastHttpContent && phase == Phase.BODY) {
            phase = Phase.REPLYING;
            cancel();
        }
        read.fireChannelRead(message);
    }

    @Override
    public void write(ChannelHandlerContext write, Object message, ChannelPromise promise) throws Exception {
        if (message instanceof HttpResponse response && response.status().code() == 101) {
            cancel();                               // a WebSocket now: not HTTP requests any more
            write.pipeline().remove(raw);
            write.pipeline().remove(this);
            write.write(message, promise);
            return;
        }
        if (message instanceof HttpResponse) {
            replyBegun = true;
        }
        ChannelPromise sent = promise;
        if (message instanceof LastHttpContent) {
            sent = promise.unvoid();
            sent.addListener(done -> replySent());
        }
        write.write(message, sent);
    }

    private void replySent() {
        repliesDue = Math.max(0, repliesDue - 1);
        if (repliesDue == 0 && phase == Phase.REPLYING) {
            phase = nextRequestBegun ? Phase.HEADERS : Phase.IDLE;
            nextRequestBegun = false;
            arm(phase == Phase.HEADERS ? headerMillis : idleMillis);
        }
    }

    private void arm(long millis) {
        cancel();
        if (millis > 0) {
            Phase armedFor = phase;
            timer = context.executor().schedule(() -> expire(armedFor), millis, TimeUnit.MILLISECONDS);
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expire(Phase armedFor) {
        timer = null;
        if (phase != armedFor || !context.channel().isActive()) {
            return;
        }
        if (phase == Phase.BODY && !context.channel().config().isAutoRead()) {
            arm(bodyMillis);                        // Vert.x paused reading (back-pressure): not the client's doing
            return;
        }
        boolean noReplyYet = phase == Phase.HEADERS || phase == Phase.BODY && !replyBegun && repliesDue == 1;
        if (noReplyYet && rawContext != null) {
            // below the HTTP encoder: Vert.x has no request object to answer for a request still arriving
            rawContext.writeAndFlush(Unpooled.wrappedBuffer(TIMEOUT)).addListener(ChannelFutureListener.CLOSE);
        } else {
            context.close();
        }
    }
}
