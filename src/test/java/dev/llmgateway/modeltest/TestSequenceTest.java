package dev.llmgateway.modeltest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TestSequenceTest {

    @Test
    void should_read_the_shipped_sequence_with_its_five_documented_steps() throws Exception {
        // when
        TestSequence sequence = TestSequence.read(Path.of("model-tests/sequence.json"));

        // then
        assertThat(sequence.version()).isEqualTo(1);
        assertThat(sequence.steps()).extracting(TestSequence.Step::id)
                .containsExactly("greeting", "follow-up", "tool-call", "tool-result", "streamed-greeting");
        assertThat(sequence.tools()).extracting(t -> t.name()).containsExactly("get_weather");
        assertThat(sequence.steps().get(1).expect().contains()).containsExactly("Ada");
        assertThat(sequence.steps().get(2).expect().toolCall()).isEqualTo("get_weather");
        assertThat(sequence.steps().get(3).toolResult()).contains("temperature_c");
        assertThat(sequence.steps().get(4).stream()).isTrue();
        assertThat(sequence.steps().get(4).newConversation()).isTrue();
        assertThat(sequence.steps().get(4).expect().minChunks()).isEqualTo(2);
    }
}
