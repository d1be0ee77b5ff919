package example;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Boots the Spring Boot host and sends one question through the embedded gateway. */
@CamelSpringBootTest
@SpringBootTest(classes = HostApplication.class, properties = "camel.main.main-run-controller=false")
class HostApplicationTest {

    static final WireMockServer ollama = new WireMockServer(wireMockConfig().dynamicPort());

    static {
        ollama.start();
    }

    @AfterAll
    static void stopOllama() {
        ollama.stop();
    }

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        registry.add("agents.backends.ollama.baseUrl", ollama::baseUrl);
    }

    @Autowired
    ProducerTemplate template;

    @Autowired
    CamelContext context;

    @Test
    void should_answer_a_question_through_the_embedded_gateway() {
        ollama.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("""
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"Bonjour!"},
                         "done":true,"done_reason":"stop","prompt_eval_count":5,"eval_count":2}""")));

        String answer = template.requestBody("direct:ask", "Say hello in French", String.class);

        assertThat(answer).isEqualTo("Bonjour!");
        ollama.verify(postRequestedFor(urlEqualTo("/api/chat"))
                .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo("Say hello in French"))));
        assertThat(context.getRoute("llm-chat")).isNotNull();
    }
}
