package dev.llmgateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.keys.KeyPolicy;
import dev.llmgateway.keys.RateCounters;
import dev.llmgateway.keys.RedisRateCounters;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two replicas' counters on one real Redis count each key's minute together. */
class RedisRateCountersTest {

    @BeforeEach
    void awayFromTheMinutesEnd() throws InterruptedException {
        int second = LocalTime.now(ZoneOffset.UTC).getSecond();
        if (second >= 55) {
            Thread.sleep((61 - second) * 1000L);
        }
    }

    @Test
    void should_refuse_the_fourth_request_of_a_minute_whichever_replica_takes_it() throws Exception {
        String key = "key_" + System.nanoTime();
        KeyPolicy.Limits threePerMinute = new KeyPolicy.Limits(3, null);
        try (RedisRateCounters one = new RedisRateCounters(RedisServer.get().url());
             RedisRateCounters two = new RedisRateCounters(RedisServer.get().url())) {
            List<CompletableFuture<RateCounters.Refusal>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {                 // at once, from both: exactly three pass
                answers.add((i % 2 == 0 ? one : two).admit(key, threePerMinute).toCompletableFuture());
            }
            List<RateCounters.Refusal> refusals = new ArrayList<>();
            for (CompletableFuture<RateCounters.Refusal> answer : answers) {
                RateCounters.Refusal refusal = answer.get(5, TimeUnit.SECONDS);
                if (refusal != null) {
                    refusals.add(refusal);
                }
            }

            assertThat(refusals).hasSize(3).allSatisfy(refusal -> {
                assertThat(refusal.limit()).isEqualTo("requestsPerMinute");
                assertThat(refusal.value()).isEqualTo(3);
                assertThat(refusal.retryAfterSeconds()).isBetween(1L, 60L);
            });
            assertThat(one.admit("key_other_" + System.nanoTime(), threePerMinute).toCompletableFuture().get(5, TimeUnit.SECONDS))
                    .as("another key has its own minute").isNull();
        }
    }

    @Test
    void should_count_tokens_added_on_one_replica_on_the_other() throws Exception {
        String key = "key_" + System.nanoTime();
        KeyPolicy.Limits tokens = new KeyPolicy.Limits(null, 100L);
        try (RedisRateCounters one = new RedisRateCounters(RedisServer.get().url());
             RedisRateCounters two = new RedisRateCounters(RedisServer.get().url())) {
            assertThat(two.admit(key, tokens).toCompletableFuture().get(5, TimeUnit.SECONDS)).isNull();

            one.addTokens(key, 120);

            RateCounters.Refusal refusal = Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> two.admit(key, tokens).toCompletableFuture().get(5, TimeUnit.SECONDS), answer -> answer != null);
            assertThat(refusal.limit()).isEqualTo("tokensPerMinute");
            assertThat(refusal.value()).isEqualTo(100);
        }
    }
}
