package dev.llmgateway.vertx;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads (JDK 21 and later), reached by reflection so that this jar still runs on JDK 17.
 * A stream served on a virtual thread holds a few kilobytes of heap while it waits on its backend,
 * not a platform thread: 10,000 open streams run on as many carrier threads as there are cores.
 */
final class VirtualThreads {

    private VirtualThreads() {
    }

    /** Whether this JVM has virtual threads. */
    static boolean available() {
        return Runtime.version().feature() >= 21;
    }

    /** An executor that starts one virtual thread per task, named {@code <prefix>N}; empty before JDK 21. */
    static Optional<ExecutorService> perTask(String prefix) {
        if (!available()) {
            return Optional.empty();
        }
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            builder = ofVirtual.getMethod("name", String.class, long.class).invoke(builder, prefix, 0L);
            ThreadFactory factory = (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
            Method perTask = java.util.concurrent.Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class);
            return Optional.of((ExecutorService) perTask.invoke(null, factory));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("JDK " + Runtime.version() + " has no usable virtual threads", e);
        }
    }
}
