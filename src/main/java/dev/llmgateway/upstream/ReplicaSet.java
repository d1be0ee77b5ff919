package dev.llmgateway.upstream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The replicas of one backend, {@code agents.backends.gpu.baseUrl=http://gpu1:11434,http://gpu2:11434},
 * and which one takes the next call, in this order:
 * <ol>
 *   <li>the replica that served the conversation before (same model and leading messages), which
 *       holds its prompt cache: reason {@code conversation};</li>
 *   <li>a replica that has the model loaded (a model swap on a GPU costs seconds to minutes): as its
 *       own list of loaded models said at the last discovery (Ollama's {@code /api/ps}), or because
 *       it served the model since: reason {@code model loaded};</li>
 *   <li>the replica with the fewest calls in flight, not round robin (a long answer keeps its
 *       replica busy; ties go to the next in turn): reason {@code fewest in flight}.</li>
 * </ol>
 * The first two only while that replica has at most {@value #SLACK} calls more in flight than the
 * least busy one, so that no replica is swamped while others idle. A replica that refused a
 * connection is left out for {@value #REST_MILLIS} ms, and one that the last discovery could not
 * reach until a discovery reaches it again, unless every replica is left out.
 */
public final class ReplicaSet {

    static final long REST_MILLIS = 10_000;
    static final int SLACK = 2;

    /** One replica: its base URL, the calls it serves now, its health, the models it has loaded. */
    public static final class Replica {
        private final String baseUrl;
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicLong restsUntil = new AtomicLong();
        private final AtomicLong failures = new AtomicLong();
        private final Set<String> loaded = ConcurrentHashMap.newKeySet();
        private volatile Boolean reachable;
        private volatile String error;

        Replica(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        public String baseUrl() {
            return baseUrl;
        }

        public int inFlight() {
            return inFlight.get();
        }

        /** Calls it failed since the start: refused connections, broken ones, answers of status 5xx. */
        public long failures() {
            return failures.get();
        }

        /** What the last discovery found: true, false, or null before the first one. */
        public Boolean reachable() {
            return reachable;
        }

        /** Why the last discovery could not reach it, or null. */
        public String error() {
            return error;
        }

        /** The models it has loaded, as far as the gateway knows, without a {@code :latest} tag. */
        public Set<String> loaded() {
            return Set.copyOf(loaded);
        }

        /** A call begins; the returned action ends it (once, however often it is run). */
        Runnable begin() {
            inFlight.incrementAndGet();
            AtomicInteger once = new AtomicInteger();
            return () -> {
                if (once.getAndIncrement() == 0) {
                    inFlight.decrementAndGet();
                }
            };
        }

        /** It refused a connection: left out for a while. */
        void refused() {
            failed();
            restsUntil.set(System.currentTimeMillis() + REST_MILLIS);
        }

        void failed() {
            failures.incrementAndGet();
        }

        /**
         * The outcome of a discovery: reached (error null; with the models it has loaded, when it
         * tells) or not, and why.
         */
        public void discovered(String failure, Collection<String> loadedNow) {
            reachable = failure == null;
            error = failure;
            if (loadedNow != null) {
                loaded.clear();
                loadedNow.stream().map(ReplicaSet::untagged).forEach(loaded::add);
            }
        }

        boolean leftOut(long now) {
            return restsUntil.get() > now || Boolean.FALSE.equals(reachable);
        }

        boolean hasLoaded(String model) {
            return loaded.contains(model);
        }
    }

    /** The replica for a call, and why it was chosen (for the request's log line). */
    record Choice(Replica replica, String reason) {
    }

    private final List<Replica> replicas;
    private final AtomicInteger turn = new AtomicInteger();
    /** conversation → the replica that served it. */
    private final Cache<String, Replica> conversations = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterAccess(Duration.ofMinutes(30)).build();

    ReplicaSet(String baseUrls) {
        List<Replica> list = new ArrayList<>();
        for (String url : baseUrls.split("\\s*,\\s*")) {
            if (!url.isBlank()) {
                list.add(new Replica(url.endsWith("/") ? url.substring(0, url.length() - 1) : url));
            }
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("no base URL");
        }
        replicas = List.copyOf(list);
    }

    int size() {
        return replicas.size();
    }

    public List<Replica> replicas() {
        return replicas;
    }

    /** The replica of this base URL (as the backend's settings list it), or null. */
    public Replica replica(String baseUrl) {
        String url = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return replicas.stream().filter(replica -> replica.baseUrl.equals(url)).findFirst().orElse(null);
    }

    /**
     * The replica for the next call among those not {@code tried} yet; null when none is left.
     *
     * @param model        the model the call asks for, or null
     * @param conversation the call's conversation key, or null
     */
    Choice pick(Set<Replica> tried, String model, String conversation) {
        long now = System.currentTimeMillis();
        int start = Math.floorMod(turn.getAndIncrement(), replicas.size());
        Replica least = null;
        Replica leastLoaded = null;
        String wanted = model == null ? null : untagged(model);
        for (int i = 0; i < replicas.size(); i++) {
            Replica candidate = replicas.get((start + i) % replicas.size());
            if (!tried.contains(candidate)) {
                if (least == null || better(candidate, least, now)) {
                    least = candidate;
                }
                if (wanted != null && candidate.hasLoaded(wanted) && (leastLoaded == null || better(candidate, leastLoaded, now))) {
                    leastLoaded = candidate;
                }
            }
        }
        if (least == null || replicas.size() == 1) {
            return least == null ? null : new Choice(least, null);
        }
        Replica home = conversation == null ? null : conversations.getIfPresent(conversation);
        if (fits(home, least, tried, now)) {
            return new Choice(home, "conversation");
        }
        if (fits(leastLoaded, least, tried, now)) {
            return new Choice(leastLoaded, "model loaded");
        }
        return new Choice(least, "fewest in flight");
    }

    /** A replica answered the call: it has the model loaded now, and holds the conversation. */
    void served(Replica replica, String model, String conversation) {
        if (model != null) {
            replica.loaded.add(untagged(model));
        }
        if (conversation != null) {
            conversations.put(conversation, replica);
        }
    }

    /** {@code llama3.2:latest} and {@code llama3.2} are one model to Ollama. */
    static String untagged(String model) {
        return model.endsWith(":latest") ? model.substring(0, model.length() - 7) : model;
    }

    private static boolean better(Replica candidate, Replica current, long now) {
        boolean candidateOut = candidate.leftOut(now);
        boolean currentOut = current.leftOut(now);
        return candidateOut != currentOut ? !candidateOut : candidate.inFlight() < current.inFlight();
    }

    /**
     * A preferred replica that may take the call: untried, not left out (unless all are), not much
     * busier than the least busy.
     */
    private static boolean fits(Replica preferred, Replica least, Set<Replica> tried, long now) {
        return preferred != null && !tried.contains(preferred) && (!preferred.leftOut(now) || least.leftOut(now))
                && preferred.inFlight() <= least.inFlight() + SLACK;
    }
}
