package dev.llmgateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.main.Main;

/**
 * Runs the gateway on plain Camel Main: what {@code ./camel run} starts unless told {@code --dev}.
 * The YAML routes and kamelets are read from their files at start, so they stay editable without
 * recompiling; there is none of the Camel CLI's development tooling, which cost about 29 % of the
 * gateway's CPU under load (bench/PROFILE.md). It takes the arguments of {@code camel run} that a
 * gateway needs:
 * <pre>
 * java -cp … dev.llmgateway.GatewayMain routes/*.yaml application.properties \
 *      --prop=agents.backends.ollama.baseUrl=http://gpu-box:11434 --port=8080 --max-seconds=60
 * </pre>
 * route files ({@code .yaml}), kamelet files ({@code .kamelet.yaml}) or {@code --local-kamelet-dir=},
 * property files ({@code .properties} or {@code --properties=}), {@code --prop=key=value},
 * {@code --port=}, {@code --max-seconds=}. Anything else is refused, naming it.
 */
public final class GatewayMain {

    private GatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        // Camel Main's server does not read CAMEL_SERVER_PORT and CAMEL_SERVER_HOST, while every
        // {{camel.server.port}} does: the management endpoints moved and the API did not. Read here,
        // they move both (an argument still wins).
        for (String setting : new String[] {"camel.server.port", "camel.server.host"}) {
            String fromEnvironment = System.getenv(setting.toUpperCase(java.util.Locale.ROOT).replace('.', '_'));
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                main.addOverrideProperty(setting, fromEnvironment.trim());
            }
        }
        List<String> routes = new ArrayList<>();
        List<String> properties = new ArrayList<>();
        List<String> kamelets = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--property=")) {
                arg = "--prop=" + arg.substring(11);
            }
            if (arg.startsWith("--prop=") && arg.indexOf('=', 7) > 7) {
                main.addOverrideProperty(arg.substring(7, arg.indexOf('=', 7)), arg.substring(arg.indexOf('=', 7) + 1));
            } else if (arg.startsWith("--port=")) {
                main.addOverrideProperty("camel.server.port", arg.substring(7));
            } else if (arg.startsWith("--max-seconds=")) {
                main.addOverrideProperty("camel.main.durationMaxSeconds", arg.substring(14));
            } else if (arg.startsWith("--properties=")) {
                properties.add("file:" + arg.substring(13));
            } else if (arg.startsWith("--local-kamelet-dir=")) {
                kamelets.add("file:" + arg.substring(20));
            } else if (arg.endsWith(".kamelet.yaml")) {
                Path parent = Path.of(arg).toAbsolutePath().getParent();
                kamelets.add("file:" + parent);
            } else if (arg.endsWith(".properties")) {
                properties.add("file:" + arg);
            } else if (arg.endsWith(".yaml") || arg.endsWith(".yml")) {
                routes.add("file:" + arg);
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "': the gateway takes route, kamelet "
                        + "and property files, --prop=key=value, --port=, --max-seconds=, --properties=, "
                        + "--local-kamelet-dir= (./camel run --dev for everything the Camel CLI takes)");
            }
        }
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("no route files: ./camel run routes/*.yaml");
        }
        if (properties.isEmpty() && Files.exists(Path.of("application.properties"))) {
            properties.add("file:application.properties");
        }
        if (!properties.isEmpty()) {
            main.setPropertyPlaceholderLocations(String.join(",", properties));
        }
        main.addInitialProperty("camel.main.routesIncludePattern", String.join(",", routes));
        if (!kamelets.isEmpty()) {                              // else application.properties says where
            // from the named files only: a missing one stops the start, no other copy stands in for it
            main.addOverrideProperty("camel.component.kamelet.location", String.join(",", kamelets.stream().distinct().toList()));
        }
        try {
            System.exit(main.run(new String[0]));
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (!(root instanceof IllegalArgumentException) && !(root instanceof java.io.FileNotFoundException)) {
                throw e;
            }
            // a setting the gateway cannot use, or a route or kamelet file that is not there: its
            // message says which and why, a stack trace would bury it
            System.err.println("The gateway cannot start. " + root.getMessage());
            System.exit(1);
        }
    }
}
