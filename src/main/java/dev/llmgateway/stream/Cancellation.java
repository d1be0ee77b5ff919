package dev.llmgateway.stream;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Whether the client of a request is still there. Its front door cancels it when the client leaves
 * (the connection closed, a WebSocket {@code cancel}); the backend call running for it at that
 * moment stops at once, also before its answer began, and no retry follows.
 */
public final class Cancellation {

    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;
    private volatile UpstreamCall current;

    /** From any thread. */
    public void cancel() {
        cancelled = true;
        listeners.forEach(Runnable::run);          // first: a stream then ends as cancelled, not as broken
        UpstreamCall call = current;
        if (call != null) {
            call.cancel();
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Runs {@code action} when the request is cancelled (at once if it already is). */
    public void onCancel(Runnable action) {
        listeners.add(action);
        if (cancelled) {
            action.run();
        }
    }

    /** The backend call now running for the request: cancelled with it. */
    public void watch(UpstreamCall call) {
        current = call;
        if (cancelled) {
            call.cancel();
        }
    }
}
