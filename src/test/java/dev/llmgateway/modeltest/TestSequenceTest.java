package dev.llmgateway.modeltest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestSequenceTest {

    @Test
    void should_read_the_shipped_sequence_with_its_five_documented_steps() throws Exception {
        // when
        TestSequence sequence = TestSequence.read(Files.readAllBytes(Path.of("model-tests/sequence.json")));

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

    @Test
    void should_load_a_file_or_a_camel_resource_and_name_what_is_missing(@TempDir Path dir) throws Exception {
        Path own = dir.resolve("mine.json");
        Files.writeString(own, "{\"version\":7,\"name\":\"mine\",\"steps\":[{\"id\":\"hi\",\"user\":\"Hi\",\"expect\":{\"nonEmpty\":true}}]}");
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            assertThat(TestSequence.load(own.toString(), context).version()).isEqualTo(7);
            assertThat(TestSequence.load("file:" + own, context).name()).isEqualTo("mine");
            assertThat(TestSequence.load("classpath:llm-gateway/model-tests/sequence.json", context).steps()).hasSize(5);
            assertThatThrownBy(() -> TestSequence.load("no/such/sequence.json", context)).isInstanceOf(IOException.class)
                    .hasMessageContaining("no test sequence at").hasMessageContaining("gateway.modelTests.sequence");
        }
    }
}
