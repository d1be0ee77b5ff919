package dev.llmgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.routes.GatewayTestSupport;
import dev.llmgateway.security.SiteRules;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * deploy/kubernetes/ read as Kubernetes reads it (fields of its API only), and checked against the
 * gateway: the probes' paths answer on the port they name, without a key, on a gateway started as
 * in the other tests with a key set (as the Secret sets one); the Service and the autoscaler find the
 * Deployment; the files its arguments name are in the ConfigMaps the README's kubectl commands make.
 */
class KubernetesManifestsTest extends GatewayTestSupport {

    private static final Path DIR = Path.of("deploy/kubernetes");
    /** {@code kubectl … create configmap <name> --from-file=<path>…}, a command of the README. */
    private static final Pattern CREATE_CONFIGMAP = Pattern.compile("kubectl .*create configmap (\\S+)(.*)");
    private static final Pattern FROM_FILE = Pattern.compile("--from-file=(\\S+)");

    private final Map<String, HasMetadata> byKind = new HashMap<>();
    private final Properties settings = new Properties();
    private Deployment deployment;
    private Container container;

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = super.useOverridePropertiesWithPropertiesComponent();
        properties.put("gateway.auth.keys", "key-from-the-secret");
        return properties;
    }

    @BeforeAll
    void readManifests() throws IOException {
        for (Path file : manifestFiles()) {
            for (HasMetadata object : KubernetesManifests.read(file)) {
                assertThat(byKind.put(object.getKind(), object)).as("one %s", object.getKind()).isNull();
            }
        }
        deployment = (Deployment) byKind.get("Deployment");
        container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        settings.putAll(KubernetesManifests.shippedSettings());
    }

    @Test
    void should_read_every_manifest_with_kubernetes_fields_only_and_apply_all_but_the_secret() throws IOException {
        assertThat(byKind).containsOnlyKeys("Namespace", "Deployment", "Service", "HorizontalPodAutoscaler", "Secret");
        Map<?, ?> kustomization = (Map<?, ?>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(DIR.resolve("kustomization.yaml")));
        Set<String> listed = new TreeSet<>();
        ((List<?>) kustomization.get("resources")).forEach(resource -> listed.add(resource.toString()));
        Set<String> files = new TreeSet<>();
        manifestFiles().forEach(file -> files.add(file.getFileName().toString()));
        files.remove("secret.example.yaml");                // keys are not kept in git
        assertThat(listed).isEqualTo(files);
        assertThat(kustomization.get("namespace")).isEqualTo(byKind.get("Namespace").getMetadata().getName());
    }

    @Test
    void should_refuse_a_field_kubernetes_does_not_have() throws IOException {
        String deploymentYaml = Files.readString(DIR.resolve("deployment.yaml"));
        String hpaYaml = Files.readString(DIR.resolve("hpa.yaml"));
        assertThat(KubernetesManifests.parse(deploymentYaml)).hasSize(1);

        assertThatThrownBy(() -> KubernetesManifests.parse(deploymentYaml.replace("readinessProbe:", "readinesProbe:")))
                .hasMessageContaining("\"readinesProbe\"");
        assertThatThrownBy(() -> KubernetesManifests.parse(deploymentYaml.replace("containerPort: 8080", "port: 8080")))
                .hasMessageContaining("\"port\"");
        assertThatThrownBy(() -> KubernetesManifests.parse(hpaYaml.replace("averageUtilization", "averageUtilisation")))
                .hasMessageContaining("\"averageUtilisation\"");
        assertThatThrownBy(() -> KubernetesManifests.parse(hpaYaml.replace("autoscaling/v2", "autoscaling/v1")))
                .hasMessageContaining("autoscaling/v1/HorizontalPodAutoscaler");
    }

    @Test
    void should_probe_paths_the_gateway_answers_without_a_key_on_the_port_they_name() throws Exception {
        Map<String, Probe> probes = Map.of("startup", container.getStartupProbe(), "liveness", container.getLivenessProbe(),
                "readiness", container.getReadinessProbe());
        for (Map.Entry<String, Probe> probe : probes.entrySet()) {
            String path = probe.getValue().getHttpGet().getPath();
            assertThat(containerPort(probe.getValue().getHttpGet().getPort().getStrVal()))
                    .as(probe.getKey()).isEqualTo(Integer.parseInt(settings.getProperty("camel.server.port")));
            assertThat(settings.getProperty("gateway.auth.publicPaths").split(",")).as(probe.getKey()).contains(path);
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(gateway(path))).build(),
                    HttpResponse.BodyHandlers.ofString());
            // alive: 200; ready: 200, or 503 while (as here) no backend answered its model discovery
            if (probe.getKey().equals("readiness")) {
                assertThat(answer.statusCode()).as("GET %s", path).isIn(200, 503);
                assertThat(answer.body()).as("GET %s", path).contains("\"status\":");
            } else {
                assertThat(answer.statusCode()).as("GET %s", path).isEqualTo(200);
            }
        }
    }

    @Test
    void should_let_the_service_and_the_autoscaler_find_the_deployment_and_its_ports() {
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        Service service = (Service) byKind.get("Service");
        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector())
                .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        for (ServicePort port : service.getSpec().getPorts()) {
            assertThat(containerPort(port.getTargetPort().getStrVal())).as(port.getName()).isEqualTo(port.getPort());
        }
        assertThat(containerPort("http")).isEqualTo(Integer.parseInt(settings.getProperty("camel.server.port")));
        assertThat(containerPort("ws")).isEqualTo(Integer.parseInt(settings.getProperty("gateway.ws.port")));

        HorizontalPodAutoscaler hpa = (HorizontalPodAutoscaler) byKind.get("HorizontalPodAutoscaler");
        assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo(deployment.getApiVersion());
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(deployment.getSpec().getReplicas())
                .isLessThan(hpa.getSpec().getMaxReplicas());
        assertThat(container.getResources().getRequests()).containsKey("cpu");   // what Utilization is a share of
    }

    @Test
    void should_answer_to_the_names_of_its_service_only() {
        String allowed = container.getEnv().stream().filter(env -> env.getName().equals("GATEWAY_ALLOWEDHOSTS"))
                .findFirst().orElseThrow().getValue();
        SiteRules rules = new SiteRules("", "", allowed, settings.getProperty("camel.server.port"));
        String service = byKind.get("Service").getMetadata().getName();
        String namespace = byKind.get("Namespace").getMetadata().getName();
        assertThat(rules.hostAllowed(service + ":8080")).isTrue();
        assertThat(rules.hostAllowed(service + "." + namespace + ":8081")).isTrue();
        assertThat(rules.hostAllowed(service + "." + namespace + ".svc.cluster.local:8080")).isTrue();
        assertThat(rules.hostAllowed("rebind.evil.example:8080")).isFalse();
    }

    @Test
    void should_give_running_streams_their_shutdown_time_before_the_pod_is_killed() {
        long preStop = container.getLifecycle().getPreStop().getSleep().getSeconds();
        long shutdown = Long.parseLong(settings.getProperty("camel.main.shutdownTimeout"));
        assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .isGreaterThan(preStop + shutdown);
    }

    @Test
    void should_run_as_the_image_user_with_a_read_only_root_and_a_writable_tmp() {
        var pod = deployment.getSpec().getTemplate().getSpec().getSecurityContext();
        assertThat(pod.getRunAsNonRoot()).isTrue();
        assertThat(pod.getRunAsUser()).isEqualTo(65532L);          // pom.xml, <container><user>
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(volume(mount("/tmp").getName()).getEmptyDir()).as("/tmp: the JVM's files, model test reports").isNotNull();
    }

    @Test
    void should_mount_every_file_its_arguments_and_settings_name_from_configmaps_the_readme_creates() throws IOException {
        Map<String, List<String>> configMaps = configMapsOfTheReadme();
        List<String> wanted = new ArrayList<>();
        for (String arg : container.getArgs()) {      // /config/routes/*.yaml, --local-kamelet-dir=/config/kamelets, …
            wanted.add(arg.startsWith("--local-kamelet-dir=") ? arg.substring(20) + "/*.kamelet.yaml" : arg);
        }
        wanted.add("/config/" + settings.getProperty("gateway.modelTests.sequence"));   // relative to the working directory
        for (String file : wanted) {
            VolumeMount mount = mount(file);
            Volume volume = volume(mount.getName());
            assertThat(volume.getConfigMap()).as("%s comes from a ConfigMap", file).isNotNull();
            List<String> keys = configMaps.get(volume.getConfigMap().getName());
            assertThat(keys).as("README: kubectl create configmap %s", volume.getConfigMap().getName()).isNotNull();
            String key = mount.getSubPath() != null ? mount.getSubPath() : file.substring(mount.getMountPath().length() + 1);
            var glob = FileSystems.getDefault().getPathMatcher("glob:" + key);
            assertThat(keys).as("%s in ConfigMap %s", file, volume.getConfigMap().getName())
                    .anyMatch(each -> glob.matches(Path.of(each)));
        }
        // and the keys: from the Secret the README creates, named as secret.example.yaml names it
        String secret = container.getEnvFrom().get(0).getSecretRef().getName();
        assertThat(byKind.get("Secret").getMetadata().getName()).isEqualTo(secret);
        assertThat(Files.readString(Path.of("README.md"))).contains("create secret generic " + secret);
    }

    /** The ConfigMaps the README's kubectl commands create, each with its keys (file names). */
    private static Map<String, List<String>> configMapsOfTheReadme() throws IOException {
        Map<String, List<String>> configMaps = new HashMap<>();
        Matcher command = CREATE_CONFIGMAP.matcher(Files.readString(Path.of("README.md")).replace("\\\n", " "));
        while (command.find()) {
            List<String> keys = new ArrayList<>();
            Matcher from = FROM_FILE.matcher(command.group(2));
            while (from.find()) {
                Path source = Path.of(from.group(1));
                if (Files.isDirectory(source)) {
                    try (Stream<Path> files = Files.list(source)) {
                        files.filter(Files::isRegularFile).forEach(file -> keys.add(file.getFileName().toString()));
                    }
                } else {
                    assertThat(source).as("README: --from-file=%s", source).isRegularFile();
                    keys.add(source.getFileName().toString());
                }
            }
            configMaps.put(command.group(1), keys);
        }
        return configMaps;
    }

    private static List<Path> manifestFiles() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(file -> file.toString().endsWith(".yaml") && !file.endsWith("kustomization.yaml")).sorted().toList();
        }
    }

    private int containerPort(String name) {
        return container.getPorts().stream().filter(port -> name.equals(port.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + name)).getContainerPort();
    }

    /** The mount a path in the container is under (the longest mount path that holds it). */
    private VolumeMount mount(String path) {
        return container.getVolumeMounts().stream()
                .filter(mount -> path.equals(mount.getMountPath()) || path.startsWith(mount.getMountPath() + "/"))
                .max((a, b) -> a.getMountPath().length() - b.getMountPath().length())
                .orElseThrow(() -> new AssertionError("nothing is mounted at " + path));
    }

    private Volume volume(String name) {
        return deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(volume -> volume.getName().equals(name)).findFirst().orElseThrow();
    }
}
