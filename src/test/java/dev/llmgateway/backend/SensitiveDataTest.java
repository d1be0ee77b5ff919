package dev.llmgateway.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.model.ChatMessage;
import dev.llmgateway.json.Json;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.EmbeddingInput;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each detector finds its kind of data, with checksums where the data has one, and nothing else. */
class SensitiveDataTest {

    private static final SensitiveData ALL = SensitiveData.of("all", "private", Map.of("customerId", "CUST-[0-9]{6}"));

    private static List<String> found(String text) {
        return ALL.find(new ChatRequest("m", List.of(ChatMessage.of(Role.USER, text)), null, null, null, false));
    }

    @Test
    void should_find_each_kind_of_data() {
        assertThat(found("Write to jane.doe@example.co.uk today")).containsExactly("email");
        assertThat(found("Call me on +49 30 1234567")).containsExactly("phone");
        assertThat(found("or (555) 123-4567")).containsExactly("phone");
        assertThat(found("Pay to DE89 3704 0044 0532 0130 00 please")).containsExactly("iban");
        assertThat(found("IBAN GB82WEST12345698765432")).containsExactly("iban");
        assertThat(found("card 4111 1111 1111 1111 exp 12/29")).containsExactly("card");
        assertThat(found("key sk-proj-abcdefghijklmnopqrstuvwx1234")).containsExactly("apiKey");
        assertThat(found("AKIAIOSFODNN7EXAMPLE")).containsExactly("apiKey");
        assertThat(found("-----BEGIN RSA PRIVATE KEY-----\nMIIE...")).containsExactly("privateKey");
        assertThat(found("Ticket for CUST-004711")).containsExactly("customerId");
        assertThat(found("mail a@b.io, card 5500-0000-0000-0004")).containsExactly("card", "email");
    }

    @Test
    void should_not_take_numbers_without_a_valid_checksum_or_form_for_data() {
        assertThat(found("order 4111 1111 1111 1112, total 1234567.89")).isEmpty();
        assertThat(found("DE89 3704 0044 0532 0130 01")).isEmpty();
        assertThat(found("version 2026-12-03, build 20261203120000, call 030 1234567")).isEmpty();
        assertThat(found("Say hello in French")).isEmpty();
    }

    @Test
    void should_look_at_tool_arguments_and_results_too() {
        ChatRequest request = new ChatRequest("m", List.of(ChatMessage.of(Role.USER, "Look him up"),
                new ChatMessage(Role.TOOL, "{\"email\":\"bob@example.org\"}", null, null, null, "c1", "lookup")),
                null, null, null, false);

        assertThat(ALL.find(request)).containsExactly("email");
    }

    @Test
    void should_stop_the_start_on_an_unknown_detector_action_or_pattern() {
        assertThatThrownBy(() -> SensitiveData.of("email,ssn", "private", Map.of()))
                .hasMessageContaining("'ssn' is no detector; the detectors are email, phone, iban, card, apiKey, privateKey");
        assertThatThrownBy(() -> SensitiveData.of("email", "hide", Map.of()))
                .hasMessage("agents.privacy.onDetect=hide is not private, refuse or mask");
        assertThatThrownBy(() -> SensitiveData.of("", "private", Map.of("broken", "CUST-[0-9")))
                .hasMessageContaining("agents.privacy.patterns.broken is not a regular expression");
        assertThat(SensitiveData.of("", null, Map.of()).enabled()).isFalse();
    }

    @Test
    void should_look_at_the_texts_to_embed() {
        EmbeddingRequest request = new EmbeddingRequest("m", List.of(EmbeddingInput.text("Refund 4111 1111 1111 1111"),
                EmbeddingInput.tokens(new int[] {791, 3691})), null, Json.object());

        assertThat(ALL.find(request)).containsExactly("card");
    }
}
