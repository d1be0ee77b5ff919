package example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An existing Spring Boot application that adds the gateway: its own route
 * ({@code routes/assistant.yaml}) asks a model through {@code direct:llm-chat}. Which gateway
 * routes it takes, and the backends, are in {@code application.properties}.
 */
@SpringBootApplication
public class HostApplication {

    public static void main(String[] args) {
        SpringApplication.run(HostApplication.class, args);
    }
}
