package dev.llmgateway.store;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the store's tests, made from Debian's {@code postgresql} package
 * (which .ci/run installs): a fresh cluster in a temporary directory on a free port, run as the
 * {@code postgres} user when the tests run as root (PostgreSQL refuses root), stopped when the JVM
 * ends. One per test JVM; each test takes a database of its own ({@link #newDatabase}).
 */
public final class PostgresServer {

    private static PostgresServer running;

    private final Path bin;
    private final Path data;
    private final int port;

    private PostgresServer(Path bin, Path data, int port) {
        this.bin = bin;
        this.data = data;
        this.port = port;
    }

    /** The server, started on first use; the test is skipped (failed under CI=true) without PostgreSQL. */
    public static synchronized PostgresServer get() {
        if (running == null) {
            Optional<Path> bin = binaries();
            if (bin.isEmpty() && "true".equals(System.getenv("CI"))) {
                fail("PostgreSQL is not installed (/usr/lib/postgresql/<version>/bin): .ci/run installs it (postgresql)");
            }
            assumeTrue(bin.isPresent(), "Debian's postgresql is not installed");
            running = start(bin.get());
        }
        return running;
    }

    /** A new, empty database; its JDBC URL with the user in it. */
    public String newDatabase(String name) {
        try (Connection admin = DriverManager.getConnection(url("postgres"));
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name);
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return url(name);
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=gateway";
    }

    private static Optional<Path> binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparing(bin -> Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D", "0"))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static PostgresServer start(Path bin) {
        try {
            Path dir = Files.createTempDirectory("llm-gateway-pg-");
            Path data = dir.resolve("data");
            int port = freePort();
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
            }
            run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "gateway", "-E", "UTF8",
                    "--no-sync"), root);
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(), "-w",
                    "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), root);
            PostgresServer server = new PostgresServer(bin, data, port);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(root)));
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start PostgreSQL: " + e.getMessage(), e);
        }
    }

    private void stop(boolean root) {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop"), root);
        } catch (IOException e) {
            // the JVM ends anyway; the cluster's directory is in the temporary directory
        }
    }

    private static void run(List<String> command, boolean asPostgres) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + new String(process.getInputStream().readAllBytes()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
