package example;

import org.apache.camel.main.Main;

/**
 * An existing Camel Main application that adds the gateway: its own route
 * ({@code routes/assistant.yaml}) asks a model through {@code direct:llm-chat}. Which gateway
 * routes it takes, and the backends, are in {@code application.properties}.
 */
public final class HostApplication {

    private HostApplication() {
    }

    public static void main(String[] args) throws Exception {
        new Main(HostApplication.class).run(args);
    }
}
