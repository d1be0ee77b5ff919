package dev.llmgateway.backend;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.util.PropertiesHelper;
import org.junit.jupiter.api.Test;

/** The routes of the backends, made as the gateway starts. */
class BackendRoutesTest {

    @Test
    void should_stop_the_start_for_a_backend_of_a_type_no_codec_speaks() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setOverrideProperties(PropertiesHelper.asProperties(
                    "agents.backends.gpu.baseUrl", "http://gpu-box:8000/v1", "agents.backends.gpu.type", "vllm",
                    "agents.defaultBackend", "gpu"));
            BackendRegistry backends = new BackendRegistry();
            backends.setCamelContext(context);
            BackendRoutes routes = new BackendRoutes(backends);
            routes.setCamelContext(context);

            assertThatThrownBy(routes::routeIds).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("agents.backends.gpu.type=vllm is no type the gateway speaks: ")
                    .hasMessageContaining("ollama").hasMessageContaining("openai");
        }
    }
}
