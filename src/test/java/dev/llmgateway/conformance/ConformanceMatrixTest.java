package dev.llmgateway.conformance;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.routes.GatewayTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every front door × every backend dialect × every kind of exchange, against backends that speak
 * their exact wire formats. Guards, among others, against: tool-call arguments sent to Ollama as a
 * string (Ollama wants an object), streamed tool calls without index/id/type, tool results whose
 * ids do not match the call, reasoning mixed into content, errors inside a 200 stream passed off
 * as an empty success.
 */
class ConformanceMatrixTest extends GatewayTestSupport {

    static Stream<Arguments> matrix() {
        List<Arguments> rows = new ArrayList<>();
        for (Ingress ingress : Ingress.values()) {
            for (Egress egress : Egress.values()) {
                for (Scenario scenario : Scenario.values()) {
                    rows.add(Arguments.of(ingress, egress, scenario));
                }
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} → {1}: {2}")
    @MethodSource("matrix")
    void should_translate_faithfully(Ingress ingress, Egress egress, Scenario scenario) throws Exception {
        Reply reply = scenario.reply;
        egress.stub(backend, "m", reply);

        Outcome outcome = ingress.call(new Ingress.Ports(gateway(""), wsPort), egress.backend + "/m",
                scenario.messages(), scenario.tools(), scenario.stream);

        if (scenario.usesTools() && !egress.supportsTools()) {
            assertThat(outcome.status).as("%s", outcome).isEqualTo(400);
            assertThat(outcome.error).contains("endpointType=openai");
            return;
        }
        switch (scenario) {
            case ERROR_BEFORE_FIRST_BYTE -> {
                assertThat(outcome.status).as("%s", outcome).isEqualTo(404);
                assertThat(outcome.error).contains(reply.errorMessage()).contains(egress.backend);
            }
            case ERROR_MID_STREAM -> {
                assertThat(outcome.status).as("%s", outcome).isEqualTo(200);
                assertThat(outcome.content).hasToString("Once");
                assertThat(outcome.error).contains("boom");
            }
            default -> {
                assertThat(outcome.status).as("%s", outcome).isEqualTo(200);
                assertThat(outcome.error).as("%s", outcome).isNull();
                assertThat(outcome.content).hasToString(reply.fullContent());
                assertThat(outcome.thinking).hasToString(reply.fullThinking());
                assertThat(outcome.finish).isEqualTo(reply.finish());
                assertThat(outcome.promptTokens).isEqualTo(reply.promptTokens());
                assertThat(outcome.completionTokens).isEqualTo(reply.completionTokens());
                assertCalls(outcome, reply);
                if (scenario.stream && !reply.content().isEmpty()) {
                    assertThat(outcome.chunks).as("streamed in pieces").isGreaterThanOrEqualTo(2);
                }
                if (scenario == Scenario.TOOL_RESULT_ROUND_TRIP) {
                    JsonNode sent = Ingress.parse(backend.findAll(postRequestedFor(urlEqualTo(egress.pathFor(true))))
                            .get(0).getBodyAsString());
                    BackendRequests.assertToolResultReached(egress, sent);
                }
            }
        }
    }

    private static void assertCalls(Outcome outcome, Reply reply) {
        assertThat(outcome.calls).hasSize(reply.calls().size());
        for (int i = 0; i < reply.calls().size(); i++) {
            Reply.Call got = outcome.calls.get(i);
            assertThat(got.name()).isEqualTo(reply.calls().get(i).name());
            assertThat(Ingress.parse(got.arguments())).isEqualTo(Ingress.parse(reply.calls().get(i).arguments()));
            assertThat(got.id()).as("every call has an id").isNotBlank();
        }
        assertThat(outcome.calls.stream().map(Reply.Call::id).distinct().count()).isEqualTo(reply.calls().size());
    }

}
