import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's load generator: one fixed OpenAI chat request, sent the same way DIRECT to the
 * fake upstream and THROUGH the gateway. Prints {@code key=value} lines for bench/run.sh.
 * <pre>
 * java bench/LoadClient.java latency    URL MODEL REQUESTS          # 1 connection, one after another
 * java bench/LoadClient.java throughput URL MODEL THREADS SECONDS   # saturation
 * java bench/LoadClient.java rate       URL MODEL PER_SECOND SECONDS
 * java bench/LoadClient.java stream     URL MODEL REQUESTS          # time to first chunk, per-chunk delay
 * java bench/LoadClient.java streams    URL MODEL CONCURRENT        # many open streams at once
 * </pre>
 */
public final class LoadClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(64)).connectTimeout(Duration.ofSeconds(10)).build();

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        URI url = URI.create(args[1]);
        String model = args[2];
        int n = Integer.parseInt(args[3]);
        switch (mode) {
            case "latency" -> latency(url, model, n);
            case "throughput" -> throughput(url, model, n, Integer.parseInt(args[4]));
            case "rate" -> rate(url, model, n, Integer.parseInt(args[4]));
            case "stream" -> stream(url, model, n);
            case "streams" -> streams(url, model, n);
            default -> throw new IllegalArgumentException(mode);
        }
        System.exit(0);
    }

    private static HttpRequest request(URI url, String model, boolean stream) {
        String body = "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
        return HttpRequest.newBuilder(url).header("Content-Type", "application/json").timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static long once(URI url, String model) throws Exception {
        long start = System.nanoTime();
        HttpResponse<byte[]> response = HTTP.send(request(url, model, false), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("status " + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
        return (System.nanoTime() - start) / 1000;
    }

    private static void latency(URI url, String model, int requests) throws Exception {
        for (int i = 0; i < Math.min(2000, requests); i++) {
            once(url, model);                                  // warm up JITs, pools, connections
        }
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            micros.add(once(url, model));
        }
        print("latency", micros);
    }

    private static void throughput(URI url, String model, int threads, int seconds) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicInteger errors = new AtomicInteger();
        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    try {
                        micros.add(once(url, model));
                        done.incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 60, TimeUnit.SECONDS);
        System.out.println("throughput.rps=" + done.get() / seconds);
        System.out.println("throughput.errors=" + errors.get());
        print("throughput", micros);
    }

    /** Requests at a fixed rate; latency counts from the planned send time (no coordinated omission). */
    private static void rate(URI url, String model, int perSecond, int seconds) throws Exception {
        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(256);
        long start = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        for (long i = 0; i < (long) perSecond * seconds; i++) {
            long planned = start + i * interval;
            long wait = planned - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            pool.submit(() -> {
                try {
                    HttpResponse<byte[]> response = HTTP.send(request(url, model, false), HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() != 200) {
                        errors.incrementAndGet();
                    }
                    micros.add((System.nanoTime() - planned) / 1000);
                } catch (Exception e) {
                    errors.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(120, TimeUnit.SECONDS);
        System.out.println("rate.errors=" + errors.get());
        print("rate", micros);
    }

    private static void stream(URI url, String model, int requests) throws Exception {
        List<Long> firstChunk = new ArrayList<>();
        List<Long> perChunk = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            HttpResponse<InputStream> response = HTTP.send(request(url, model, true), HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                boolean first = true;
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    int at = line.indexOf("\"content\":\" ");
                    if (at < 0) {
                        continue;
                    }
                    long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
                    long stamp = Long.parseLong(line.substring(at + 12, line.indexOf('"', at + 12)));
                    if (first) {
                        firstChunk.add((System.nanoTime() - start) / 1000);
                        first = false;
                    }
                    perChunk.add(now - stamp);
                }
            }
        }
        print("ttfc", firstChunk);
        print("chunk", perChunk);
    }

    private static void streams(URI url, String model, int concurrent) throws Exception {
        AtomicInteger complete = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(concurrent);
        ExecutorService pool = Executors.newFixedThreadPool(concurrent);
        long start = System.nanoTime();
        for (int i = 0; i < concurrent; i++) {
            pool.submit(() -> {
                try {
                    HttpResponse<String> response = HTTP.send(request(url, model, true), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200 && response.body().contains("[DONE]") && !response.body().contains("\"error\"")) {
                        complete.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                } finally {
                    finished.countDown();
                }
            });
        }
        finished.await(300, TimeUnit.SECONDS);
        System.out.println("streams.complete=" + complete.get());
        System.out.println("streams.failed=" + failed.get());
        System.out.println("streams.seconds=" + (System.nanoTime() - start) / 1_000_000_000.0);
        pool.shutdownNow();
    }

    private static void print(String name, List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.println(name + ".count=0");
            return;
        }
        System.out.println(name + ".count=" + sorted.size());
        System.out.println(name + ".p50_us=" + sorted.get(sorted.size() / 2));
        System.out.println(name + ".p99_us=" + sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1)));
    }
}
