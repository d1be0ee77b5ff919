package dev.llmgateway.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs the image that {@code mvn -Pimage package} wrote (target/camel-llm-gateway-image.tar) without
 * a container engine: checks the archive against its digests, lays its layers into a root directory,
 * gives it what a runtime gives a container ({@code /proc}, {@code /dev}, {@code /etc/hosts}) and starts
 * the image's entrypoint and arguments there as the image's user ({@code unshare --root --setuid}, in
 * its own mount and PID namespaces), with the image's environment plus an OpenAI key and a fake OpenAI
 * backend. Needs root, as a container engine does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageIT {

    private static final Path TAR = Path.of(System.getProperty("image.tar", "target/camel-llm-gateway-image.tar"));
    private static final Path ROOT = Path.of(System.getProperty("image.root", "target/image-root")).toAbsolutePath();
    private static final Path LOG = ROOT.resolveSibling("image-run.log");

    private final WireMockServer openAi = new WireMockServer(wireMockConfig().dynamicPort());
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private OciArchive image;
    private JsonNode config;
    private Process gateway;
    private int port;

    @BeforeAll
    void unpackAndStart() throws Exception {
        boolean root = OciArchive.run("id", "-u").trim().equals("0");
        if (!root && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("ImageIT runs the image with unshare --root --setuid, which needs root");
        }
        Assumptions.assumeTrue(root, "ImageIT needs root (unshare --root --setuid), as a container engine does");
        image = OciArchive.extract(TAR, ROOT.resolveSibling("image-oci"));
        config = image.config.path("config");
        image.unpack(ROOT);
        giveWhatARuntimeGives();

        openAi.start();
        openAi.stubFor(get(urlEqualTo("/v1/models")).willReturn(okJson(
                "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-fake\",\"object\":\"model\",\"created\":1,\"owned_by\":\"fake\"}]}")));
        openAi.stubFor(post(urlEqualTo("/v1/chat/completions")).withHeader("Authorization", equalTo("Bearer sk-image-test"))
                .willReturn(okJson("""
                        {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-fake",
                         "choices":[{"index":0,"message":{"role":"assistant","content":"Hello from the fake backend"},
                                     "finish_reason":"stop"}],
                         "usage":{"prompt_tokens":3,"completion_tokens":5,"total_tokens":8}}""")));

        port = freePort();
        String[] user = config.path("User").asText().split(":");
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--pid", "--fork", "--kill-child",
                "--mount-proc", "--root=" + ROOT, "--wd=" + config.path("WorkingDir").asText(),
                "--setuid", user[0], "--setgid", user[1]));
        config.path("Entrypoint").forEach(arg -> command.add(arg.asText()));
        config.path("Cmd").forEach(arg -> command.add(arg.asText()));
        // as `docker run -p` would pick free ports: the image's arguments plus two more
        command.addAll(List.of("--port=" + port, "--prop=gateway.ws.port=" + freePort()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(LOG.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        config.path("Env").forEach(pair -> env.put(pair.asText().split("=", 2)[0], pair.asText().split("=", 2)[1]));
        env.put("OPENAI_API_KEY", "sk-image-test");
        env.put("OPENAI_BASE_URL", "http://127.0.0.1:" + openAi.port() + "/v1");
        gateway = builder.start();
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(gateway.isAlive()).as("the gateway exited early:\n%s", log()).isTrue();
            return accepts(InetAddress.getLoopbackAddress(), port);
        });
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            // SIGTERM to the gateway, as `docker stop` sends it (unshare ignores SIGTERM while it waits
            // for its child, and exits with it)
            gateway.descendants().forEach(ProcessHandle::destroy);
            if (!gateway.waitFor(60, TimeUnit.SECONDS)) {
                gateway.descendants().forEach(ProcessHandle::destroyForcibly);
                gateway.destroyForcibly();
            }
        }
        openAi.stop();
    }

    @Test
    void should_be_an_oci_archive_whose_manifest_and_config_match_their_digests() throws IOException {
        assertThat(Files.readString(image.dir.resolve("oci-layout"))).contains("\"imageLayoutVersion\": \"1.0.0\"");
        assertThat(image.index.path("manifests")).hasSize(1);
        assertThat(image.manifest.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        JsonNode configDescriptor = image.manifest.path("config");
        assertThat(configDescriptor.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.config.v1+json");
        assertThat(configDescriptor.path("digest").asText()).isEqualTo("sha256:" + OciArchive.sha256(image.blob(configDescriptor)));
        assertThat(image.config.path("os").asText()).isEqualTo("linux");
        assertThat(image.config.path("architecture").asText()).isEqualTo("amd64");
    }

    @Test
    void should_start_the_gateway_as_a_non_root_user_with_the_ports_it_serves() throws IOException {
        assertThat(config.path("Entrypoint").get(0).asText()).isEqualTo("/opt/java/bin/java");
        assertThat(Files.getPosixFilePermissions(inImage("/opt/java/bin/java")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(config.path("Entrypoint").toString()).contains("dev.llmgateway.GatewayMain");
        String uid = config.path("User").asText().split(":")[0];
        assertThat(uid).isNotIn("", "0", "root");
        assertThat(Files.readAllLines(inImage("/etc/passwd"))).anyMatch(line -> line.split(":")[2].equals(uid));
        Properties properties = KubernetesManifests.shippedSettings();
        Set<String> ports = new TreeSet<>();
        config.path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        assertThat(ports).containsExactlyInAnyOrder(properties.getProperty("camel.server.port") + "/tcp",
                properties.getProperty("gateway.ws.port") + "/tcp");
        assertThat(config.path("Env").toString()).contains("GATEWAY_HOST=0.0.0.0");
        // the files its arguments name are in the image, under its working directory
        assertThat(config.path("WorkingDir").asText()).isEqualTo("/config");
        assertThat(config.path("Cmd").toString()).contains("/config/routes/*.yaml");
        assertThat(inImage("/config/routes/llm-chat.yaml")).isRegularFile();
        assertThat(inImage("/config/kamelets/llm-chat-sink.kamelet.yaml")).isRegularFile();
        assertThat(inImage("/config/application.properties")).hasSameTextualContentAs(Path.of("application.properties"));
        assertThat(inImage("/config/model-tests/sequence.json")).isRegularFile();
    }

    @Test
    void should_answer_health_and_models_and_relay_a_chat_to_the_backend() throws Exception {
        HttpResponse<String> live = send(HttpRequest.newBuilder(gateway("/observe/health/live")));
        assertThat(live.statusCode()).as(log()).isEqualTo(200);

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                send(HttpRequest.newBuilder(gateway("/v1/models"))).body()).contains("gpt-fake"));
        assertThat(send(HttpRequest.newBuilder(gateway("/observe/health/ready"))).statusCode()).isEqualTo(200);

        HttpResponse<String> chat = send(HttpRequest.newBuilder(gateway("/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"openai/gpt-fake\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}")));

        assertThat(chat.statusCode()).as(chat.body()).isEqualTo(200);
        assertThat(chat.body()).contains("\"content\":\"Hello from the fake backend\"");
        openAi.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer sk-image-test")));
    }

    @Test
    void should_run_as_the_image_user_and_listen_on_all_interfaces() throws Exception {
        List<String> uids = gateway.descendants().map(child -> statusLine(child.pid(), "Uid:")).toList();
        assertThat(uids).isNotEmpty().allMatch(line -> line.split("\\s+")[1].equals(config.path("User").asText().split(":")[0]));
        InetAddress network = networkAddress();
        Assumptions.assumeTrue(network != null, "this machine has no network address besides loopback");
        assertThat(accepts(network, port)).as("listening on %s:%d (GATEWAY_HOST=0.0.0.0)", network, port).isTrue();
    }

    /** What a container runtime adds to the image's files: /proc's mount point, the basic devices, name lookup. */
    private static void giveWhatARuntimeGives() throws Exception {
        Files.createDirectories(ROOT.resolve("proc"));
        Files.createDirectories(ROOT.resolve("dev"));
        // without /dev/urandom the JVM seeds SecureRandom by itself, which took 9 s here
        for (String device : List.of("null:3", "zero:5", "random:8", "urandom:9")) {
            String[] nameAndMinor = device.split(":");
            OciArchive.run("mknod", "-m", "666", ROOT.resolve("dev").resolve(nameAndMinor[0]).toString(), "c", "1", nameAndMinor[1]);
        }
        for (String file : List.of("/etc/hosts", "/etc/resolv.conf")) {
            Files.copy(Path.of(file), inImage(file), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Path inImage(String absolute) {
        return ROOT.resolve(absolute.substring(1));
    }

    private URI gateway(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String statusLine(long pid, String prefix) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(line -> line.startsWith(prefix)).findFirst().orElse(prefix + " ?");
        } catch (IOException gone) {
            return prefix + " gone";
        }
    }

    private static String log() {
        try {
            List<String> lines = Files.readAllLines(LOG);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static InetAddress networkAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return address;
                    }
                }
            }
        }
        return null;
    }

    private static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
