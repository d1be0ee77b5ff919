package dev.llmgateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.upstream.ReplicaSet.Choice;
import dev.llmgateway.upstream.ReplicaSet.Replica;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which replica takes the next call. */
class ReplicaSetTest {

    private final ReplicaSet set = new ReplicaSet("http://gpu1:11434, http://gpu2:11434/,http://gpu3:11434");
    private final List<Runnable> calls = new ArrayList<>();

    private Replica replica(String host) {
        for (int i = 0; i < 3; i++) {
            Replica candidate = set.pick(Set.of(), null, null).replica();
            if (candidate.baseUrl().contains(host)) {
                return candidate;
            }
        }
        throw new AssertionError(host);
    }

    private void busy(Replica replica, int calls) {
        for (int i = 0; i < calls; i++) {
            this.calls.add(replica.begin());
        }
    }

    @Test
    void should_pick_the_replica_with_the_fewest_calls_in_flight() {
        busy(replica("gpu1"), 3);
        busy(replica("gpu2"), 1);
        busy(replica("gpu3"), 2);

        Choice choice = set.pick(Set.of(), "llama3.2", null);

        assertThat(choice.replica().baseUrl()).isEqualTo("http://gpu2:11434");
        assertThat(choice.reason()).isEqualTo("fewest in flight");
    }

    @Test
    void should_keep_a_conversation_on_its_replica_unless_it_is_much_busier() {
        Replica home = replica("gpu3");
        set.served(home, "qwen3", "qwen3#abc");
        busy(home, 2);

        assertThat(set.pick(Set.of(), "qwen3", "qwen3#abc")).isEqualTo(new Choice(home, "conversation"));
        busy(home, 1);                               // three more than the idle ones: too busy
        assertThat(set.pick(Set.of(), "qwen3", "qwen3#abc").reason()).isEqualTo("fewest in flight");
    }

    @Test
    void should_send_a_model_where_it_was_served_last() {
        Replica loaded = replica("gpu1");
        set.served(loaded, "mistral", null);

        assertThat(set.pick(Set.of(), "mistral", "mistral#new")).isEqualTo(new Choice(loaded, "model loaded"));
        assertThat(set.pick(Set.of(), "other", null).reason()).isEqualTo("fewest in flight");
    }

    @Test
    void should_leave_out_a_resting_replica_and_those_tried_until_none_is_left() {
        Replica refused = replica("gpu1");
        refused.refused();
        set.served(refused, "qwen3", null);
        busy(replica("gpu2"), 5);
        busy(replica("gpu3"), 5);

        Choice choice = set.pick(Set.of(), "qwen3", null);
        Set<Replica> tried = new HashSet<>(List.of(replica("gpu2"), replica("gpu3")));

        assertThat(choice.replica().baseUrl()).isNotEqualTo("http://gpu1:11434");
        assertThat(set.pick(tried, null, null).replica()).as("a resting one, when it is all that is left").isSameAs(refused);
        tried.add(refused);
        assertThat(set.pick(tried, null, null)).isNull();
    }

    @Test
    void should_send_a_model_where_the_replica_s_own_list_says_it_is_loaded() {
        Replica holder = replica("gpu2");
        holder.discovered(null, List.of("gemma3:latest"));
        busy(holder, 2);

        assertThat(set.pick(Set.of(), "gemma3", null)).isEqualTo(new Choice(holder, "model loaded"));
        assertThat(set.pick(Set.of(), "gemma3:latest", null)).isEqualTo(new Choice(holder, "model loaded"));
        holder.discovered(null, List.of());          // unloaded since: the next discovery says so
        assertThat(set.pick(Set.of(), "gemma3", null).reason()).isEqualTo("fewest in flight");
    }

    @Test
    void should_leave_out_a_replica_that_discovery_could_not_reach_until_it_answers_again() {
        Replica unreachable = replica("gpu3");
        set.served(unreachable, "qwen3", "qwen3#abc");
        unreachable.discovered("Connection refused", null);

        for (int i = 0; i < 3; i++) {
            assertThat(set.pick(Set.of(), "qwen3", "qwen3#abc").replica()).isNotSameAs(unreachable);
        }
        assertThat(unreachable.reachable()).isFalse();
        assertThat(unreachable.error()).isEqualTo("Connection refused");
        unreachable.discovered(null, null);
        assertThat(set.pick(Set.of(), "qwen3", "qwen3#abc")).isEqualTo(new Choice(unreachable, "conversation"));
    }

    @Test
    void should_keep_preferring_while_every_replica_is_left_out() {
        Replica home = replica("gpu1");
        set.served(home, "qwen3", "qwen3#abc");
        set.replicas().forEach(replica -> replica.discovered("not yet", null));

        assertThat(set.pick(Set.of(), "qwen3", "qwen3#abc")).isEqualTo(new Choice(home, "conversation"));
    }

    @Test
    void should_end_a_call_once_however_often_its_end_runs() {
        Replica replica = replica("gpu2");
        Runnable end = replica.begin();

        end.run();
        end.run();

        assertThat(replica.inFlight()).isZero();
    }
}
