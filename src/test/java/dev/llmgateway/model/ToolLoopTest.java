package dev.llmgateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every shape of tool history clients send, paired the one way every backend codec reads. */
class ToolLoopTest {

    private static final ChatMessage QUESTION = ChatMessage.of(Role.USER, "Weather in Paris and Rome?");

    private static ChatMessage calls(ToolCall... calls) {
        return new ChatMessage(Role.ASSISTANT, "", null, null, List.of(calls), null, null);
    }

    private static ToolCall call(String id, String name) {
        return new ToolCall(id, name, "{}");
    }

    private static ChatMessage result(String id, String name, String content) {
        return new ChatMessage(Role.TOOL, content, null, null, null, id, name);
    }

    private static List<ChatMessage> pair(ChatMessage... messages) {
        return ToolLoop.pair(List.of(messages));
    }

    /** id, name and content of each tool result, in order. */
    private static List<String> results(List<ChatMessage> paired) {
        List<String> results = new ArrayList<>();
        paired.stream().filter(m -> m.role() == Role.TOOL).forEach(m -> results.add(m.toolCallId() + " " + m.toolName() + " " + m.content()));
        return results;
    }

    @Test
    void results_with_ids_get_their_calls_names() {
        List<ChatMessage> paired = pair(QUESTION, calls(call("c1", "weather"), call("c2", "time")),
                result("c1", null, "21°C"), result("c2", null, "noon"));

        assertThat(results(paired)).containsExactly("c1 weather 21°C", "c2 time noon");
    }

    @Test
    void results_with_names_only_get_the_ids_of_the_calls_of_that_name_in_order() {
        List<ChatMessage> paired = pair(QUESTION, calls(call("c1", "weather"), call("c2", "time"), call("c3", "weather")),
                result(null, "time", "noon"), result(null, "weather", "Paris 21°C"), result(null, "weather", "Rome 25°C"));

        assertThat(results(paired)).containsExactly("c1 weather Paris 21°C", "c2 time noon", "c3 weather Rome 25°C");
    }

    @Test
    void bare_results_answer_the_calls_in_order_and_calls_without_ids_get_one() {
        // Spring AI's Ollama client: no ids on the calls, neither id nor name on the results
        List<ChatMessage> paired = pair(QUESTION, calls(call(null, "weather"), call(null, "weather")),
                result(null, null, "Paris 21°C"), result(null, null, "Rome 25°C"));

        List<ToolCall> made = paired.get(1).toolCalls();
        assertThat(made).extracting(ToolCall::id).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(results(paired)).containsExactly(made.get(0).id() + " weather Paris 21°C", made.get(1).id() + " weather Rome 25°C");
    }

    @Test
    void results_out_of_order_come_back_in_call_order() {
        List<ChatMessage> paired = pair(QUESTION, calls(call("c1", "weather"), call("c2", "time")),
                result("c2", null, "noon"), result("c1", null, "21°C"), ChatMessage.of(Role.USER, "Thanks"));

        assertThat(results(paired)).containsExactly("c1 weather 21°C", "c2 time noon");
        assertThat(paired.get(4).content()).isEqualTo("Thanks");
    }

    @Test
    void calls_of_one_turn_over_assistant_messages_in_a_row_are_one_turn() {
        List<ChatMessage> paired = pair(QUESTION, calls(call("c1", "weather")), calls(call("c2", "time")),
                result("c2", null, "noon"), result("c1", null, "21°C"));

        assertThat(results(paired)).containsExactly("c1 weather 21°C", "c2 time noon");
    }

    @Test
    void a_repeated_call_id_in_a_turn_gets_an_id_of_its_own() {
        List<ChatMessage> paired = pair(QUESTION, calls(call("c1", "weather"), call("c1", "weather")),
                result(null, null, "Paris"), result(null, null, "Rome"));

        assertThat(paired.get(1).toolCalls()).extracting(ToolCall::id).doesNotHaveDuplicates().startsWith("c1");
        assertThat(results(paired)).hasSize(2).first().asString().startsWith("c1 weather Paris");
    }

    @Test
    void several_turns_pair_each_with_its_own_calls() {
        List<ChatMessage> paired = pair(QUESTION, calls(call(null, "weather")), result(null, null, "21°C"),
                calls(call(null, "weather")), result(null, "weather", "25°C"));

        assertThat(paired.get(2).toolCallId()).isEqualTo(paired.get(1).toolCalls().get(0).id());
        assertThat(paired.get(4).toolCallId()).isEqualTo(paired.get(3).toolCalls().get(0).id())
                .isNotEqualTo(paired.get(2).toolCallId());
    }

    @Test
    void a_call_without_its_result_is_a_400_naming_it() {
        assertThatThrownBy(() -> pair(QUESTION, calls(call("c1", "weather"), call("c2", "time")),
                result("c1", null, "21°C"), ChatMessage.of(Role.USER, "And?")))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("the tool call 'time' (id 'c2') has no result");
        assertThatThrownBy(() -> pair(QUESTION, calls(call("c1", "weather"))))
                .hasMessageContaining("'weather' (id 'c1') has no result");
    }

    @Test
    void a_result_that_answers_no_call_is_a_400_naming_it() {
        assertThatThrownBy(() -> pair(QUESTION, result("c9", "weather", "21°C")))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("the tool result 'weather' (id 'c9') answers no tool call");
        assertThatThrownBy(() -> pair(QUESTION, calls(call("c1", "weather")), result("c1", null, "21°C"), result("c1", null, "again")))
                .hasMessageContaining("answers no tool call");
    }

    @Test
    void a_request_without_tools_is_left_as_it_is() {
        ChatRequest request = new ChatRequest("m", List.of(QUESTION), null, null, null, false);

        assertThat(ToolLoop.prepared(request)).isSameAs(request);
    }

    @Test
    void tool_choice_is_one_every_dialect_can_be_given_or_a_400() throws Exception {
        List<ToolDefinition> tools = List.of(new ToolDefinition("get_weather", null, null, null));
        for (String fine : List.of("\"auto\"", "\"none\"", "\"required\"", "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}")) {
            ToolLoop.prepared(new ChatRequest("m", List.of(QUESTION), tools, Json.parse(fine), null, false));
        }
        assertThatThrownBy(() -> ToolLoop.prepared(new ChatRequest("m", List.of(QUESTION), tools, Json.parse("\"always\""), null, false)))
                .hasMessageContaining("tool_choice must be \"auto\", \"none\", \"required\" or");
        assertThatThrownBy(() -> ToolLoop.prepared(new ChatRequest("m", List.of(QUESTION), tools,
                Json.parse("{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}"), null, false)))
                .hasMessageContaining("names the function 'get_time', which is not among the request's tools");
        assertThatThrownBy(() -> ToolLoop.prepared(new ChatRequest("m", List.of(QUESTION), null, Json.parse("\"required\""), null, false)))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("needs tools");
    }
}
