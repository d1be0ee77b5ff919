package dev.llmgateway.upstream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The replicas of one backend, {@code agents.backends.gpu.baseUrl=http://gpu1:11434,http://gpu2:11434},
 * and which one takes the next call, in this order:
 * <ol>
 *   <li>the replica that served the conversation before (same model and leading messages), which
 *       holds its prompt cache: reason {@code conversation};</li>
 *   <li>a replica that served the model last, which most likely has it loaded (a model swap on a
 *       GPU costs seconds to minutes): reason {@code model loaded};</li>
 *   <li>the replica with the fewest calls in flight, not round robin (a long answer keeps its
 *       replica busy; ties go to the next in turn): reason {@code fewest in flight}.</li>
 * </ol>
 * The first two only while that replica has at most {@value #SLACK} calls more in flight than the
 * least busy one, so that no replica is swamped while others idle. A replica that refused a
 * connection is left out for {@value #REST_MILLIS} ms, unless every replica did.
 */
final class ReplicaSet {

    static final long REST_MILLIS = 10_000;
    static final int SLACK = 2;

    /** One replica: its base URL, the calls it serves now, until when it rests after a refusal. */
    static final class Replica {
        private final String baseUrl;
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicLong restsUntil = new AtomicLong();

        Replica(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        String baseUrl() {
            return baseUrl;
        }

        int inFlight() {
            return inFlight.get();
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
            restsUntil.set(System.currentTimeMillis() + REST_MILLIS);
        }

        boolean resting(long now) {
            return restsUntil.get() > now;
        }
    }

    /** The replica for a call, and why it was chosen (for the request's log line). */
    record Choice(Replica replica, String reason) {
    }

    private final List<Replica> replicas;
    private final AtomicInteger turn = new AtomicInteger();
    /** model → the replica that served it last; conversation → the replica that served it. */
    private final Cache<String, Replica> modelHomes = Caffeine.newBuilder().maximumSize(1_000).build();
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
        for (int i = 0; i < replicas.size(); i++) {
            Replica candidate = replicas.get((start + i) % replicas.size());
            if (!tried.contains(candidate) && (least == null || better(candidate, least, now))) {
                least = candidate;
            }
        }
        if (least == null || replicas.size() == 1) {
            return least == null ? null : new Choice(least, null);
        }
        Replica home = conversation == null ? null : conversations.getIfPresent(conversation);
        if (fits(home, least, tried, now)) {
            return new Choice(home, "conversation");
        }
        Replica loaded = model == null ? null : modelHomes.getIfPresent(model);
        if (fits(loaded, least, tried, now)) {
            return new Choice(loaded, "model loaded");
        }
        return new Choice(least, "fewest in flight");
    }

    /** A replica answered the call: it has the model loaded now, and holds the conversation. */
    void served(Replica replica, String model, String conversation) {
        if (model != null) {
            modelHomes.put(model, replica);
        }
        if (conversation != null) {
            conversations.put(conversation, replica);
        }
    }

    private static boolean better(Replica candidate, Replica current, long now) {
        boolean candidateRests = candidate.resting(now);
        boolean currentRests = current.resting(now);
        return candidateRests != currentRests ? !candidateRests : candidate.inFlight() < current.inFlight();
    }

    /** A preferred replica that may take the call: untried, not resting, not much busier than the least busy. */
    private static boolean fits(Replica preferred, Replica least, Set<Replica> tried, long now) {
        return preferred != null && !tried.contains(preferred) && !preferred.resting(now)
                && preferred.inFlight() <= least.inFlight() + SLACK;
    }
}
