package example;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

/** Boots the Quarkus host and sends one question through the embedded gateway. */
@QuarkusTest
@QuarkusTestResource(WireMockResource.class)
class HostApplicationTest {

    @Inject
    ProducerTemplate template;

    @Test
    void should_answer_a_question_through_the_embedded_gateway() {
        WireMockResource.ollama.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("""
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"Bonjour!"},
                         "done":true,"done_reason":"stop","prompt_eval_count":5,"eval_count":2}""")));

        String answer = template.requestBody("direct:ask", "Say hello in French", String.class);

        assertThat(answer).isEqualTo("Bonjour!");
        WireMockResource.ollama.verify(postRequestedFor(urlEqualTo("/api/chat"))
                .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo("Say hello in French"))));
    }
}
