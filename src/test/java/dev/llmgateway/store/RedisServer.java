package dev.llmgateway.store;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real Redis server for the rate-limit tests, from Debian's {@code redis-server} (which .ci/run
 * installs): on a free port of 127.0.0.1, without persistence, stopped when the JVM ends.
 */
public final class RedisServer {

    private static final Path BINARY = Path.of("/usr/bin/redis-server");
    private static RedisServer running;

    private final int port;

    private RedisServer(int port) {
        this.port = port;
    }

    /** The server, started on first use; the test is skipped (failed under CI=true) without Redis. */
    public static synchronized RedisServer get() {
        if (running == null) {
            boolean installed = Files.isExecutable(BINARY);
            if (!installed && "true".equals(System.getenv("CI"))) {
                fail("redis-server is not installed: .ci/run installs it (redis-server)");
            }
            assumeTrue(installed, "Debian's redis-server is not installed");
            running = start();
        }
        return running;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    private static RedisServer start() {
        try {
            int port = PostgresServer.freePort();
            Process process = new ProcessBuilder(BINARY.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (Instant.now().isBefore(deadline)) {
                try (Socket ignored = new Socket("127.0.0.1", port)) {
                    return new RedisServer(port);
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            throw new IllegalStateException("redis-server did not listen on " + port + " within 10 s");
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("could not start redis-server: " + e, e);
        }
    }
}
