package dev.llmgateway.upstream;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayDeque;

/**
 * A streamed response body, held from the moment its head arrived until someone reads it, on
 * another thread and later. Vert.x drops body data that reaches a response without a handler and
 * refuses handlers once the response ended; this takes the body's events from the start, keeps
 * what comes before it is read (the response is paused meanwhile, so that is little), and tells a
 * failure at once, paused or not. Used on the response's own event loop only.
 */
final class HeldBody implements ReadStream<Buffer> {

    private final HttpClientResponse response;
    private final ArrayDeque<Buffer> held = new ArrayDeque<>();
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;
    private boolean paused = true;
    private boolean ended;
    private Throwable failure;
    private boolean told;

    HeldBody(HttpClientResponse response) {
        this.response = response;
        response.pause();
        response.handler(this::received);
        response.endHandler(end -> {
            ended = true;
            flush();
        });
        response.exceptionHandler(error -> {
            failure = error;
            flush();
        });
    }

    private void received(Buffer piece) {
        held.add(piece);
        flush();
    }

    private void flush() {
        while (!paused && handler != null && !held.isEmpty()) {
            handler.handle(held.poll());
        }
        if (told) {
            return;
        }
        if (failure != null && exceptionHandler != null) {
            told = true;                          // at once, paused or not: what is held is of no use now
            held.clear();
            exceptionHandler.handle(failure);
        } else if (ended && !paused && held.isEmpty() && endHandler != null) {
            told = true;
            endHandler.handle(null);
        }
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        this.handler = handler;
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        this.endHandler = endHandler;
        return this;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        flush();
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        paused = true;
        response.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        paused = false;
        flush();
        if (!paused) {
            response.resume();
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        return resume();
    }
}
