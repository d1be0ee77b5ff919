package dev.llmgateway.stream;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.GatewayException;
import org.junit.jupiter.api.Test;

/** Regression (issue 17): a backend streaming without end was gathered into memory without bound. */
class ChatAggregatorLimitTest {

    @Test
    void should_stop_gathering_a_reply_longer_than_it_holds() {
        // given
        ChatAggregator aggregator = new ChatAggregator();
        ChatChunk megabyte = new ChatChunk("x".repeat(1024 * 1024), null, null, null, null, null);

        // when / then
        assertThatThrownBy(() -> {
            for (int i = 0; i <= ChatAggregator.MAX_CHARS / (1024 * 1024); i++) {
                aggregator.append(megabyte);
            }
        }).isInstanceOf(GatewayException.class).hasMessageContaining("longer than the 16777216 characters");
    }
}
