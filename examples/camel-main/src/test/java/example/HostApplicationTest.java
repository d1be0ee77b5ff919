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
import java.util.Properties;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.apache.camel.util.PropertiesHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Boots the host as Camel Main does and sends one question through the embedded gateway. */
class HostApplicationTest extends CamelMainTestSupport {

    static final WireMockServer ollama = new WireMockServer(wireMockConfig().dynamicPort());

    static {
        ollama.start();
    }

    @AfterAll
    static void stopOllama() {
        ollama.stop();
    }

    @Override
    protected Class<?> getMainClass() {
        return HostApplication.class;
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern("classpath:routes/*.yaml,classpath:llm-gateway/routes/llm-beans.yaml,"
                + "classpath:llm-gateway/routes/llm-chat.yaml");
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        return PropertiesHelper.asProperties("agents.backends.ollama.baseUrl", ollama.baseUrl());
    }

    @Test
    void should_answer_a_question_through_the_embedded_gateway() {
        ollama.stubFor(post(urlEqualTo("/api/chat")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("""
                        {"model":"llama3.2","created_at":"2025-07-07T20:32:53Z","message":{"role":"assistant","content":"Bonjour!"},
                         "done":true,"done_reason":"stop","prompt_eval_count":5,"eval_count":2}""")));

        String answer = template.requestBody("direct:ask", "Say hello in French", String.class);

        assertThat(answer).isEqualTo("Bonjour!");
        ollama.verify(postRequestedFor(urlEqualTo("/api/chat"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("llama3.2")))
                .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo("Say hello in French"))));
        assertThat(context.getRoute("llm-openai-chat-completions")).as("no HTTP front door was loaded").isNull();
    }
}
