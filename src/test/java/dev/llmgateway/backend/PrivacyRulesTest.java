package dev.llmgateway.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.model.GatewayException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Regression: a sensitivity value that was not a known word was read as "normal" (issue 16). */
class PrivacyRulesTest {

    @Test
    void should_read_the_known_words_in_any_case() {
        assertThat(PrivacyRules.isMarkedPrivate("private")).isTrue();
        assertThat(PrivacyRules.isMarkedPrivate(" PRIVATE ")).isTrue();
        assertThat(PrivacyRules.isMarkedPrivate("normal")).isFalse();
        assertThat(PrivacyRules.isMarkedPrivate("Public")).isFalse();
        assertThat(PrivacyRules.isMarkedPrivate(null)).isFalse();
        assertThat(PrivacyRules.isMarkedPrivate(List.of("private", "Private"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "confidental", "private, normal", "privat", "1", "true"})
    void should_refuse_any_other_text(String value) {
        assertThatThrownBy(() -> PrivacyRules.isMarkedPrivate(value))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void should_refuse_repeated_values_that_disagree_and_values_that_are_no_text() {
        assertThatThrownBy(() -> PrivacyRules.isMarkedPrivate(List.of("private", "normal")))
                .hasMessageContaining("conflicting X-Data-Sensitivity");
        assertThatThrownBy(() -> PrivacyRules.isMarkedPrivate(42)).isInstanceOf(GatewayException.class);
        assertThatThrownBy(() -> PrivacyRules.isMarkedPrivate(List.of())).isInstanceOf(GatewayException.class);
    }
}
