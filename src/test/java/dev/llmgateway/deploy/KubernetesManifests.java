package dev.llmgateway.deploy;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Reads Kubernetes manifests into fabric8's classes of the Kubernetes API, strictly: a field the API
 * does not have ({@code readinesProbe:}, {@code containerPort:} under a probe) fails the read, naming
 * it and where it is, as {@code kubectl apply --validate=strict} would. fabric8 keeps such fields in each
 * object's additionalProperties; here that catch-all is taken out, so Jackson's own unknown-field check
 * applies. Each kind is read only under the apiVersion named here.
 */
final class KubernetesManifests {

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/Service", Service.class,
            "v1/Secret", Secret.class,
            "apps/v1/Deployment", Deployment.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .addModule(new SimpleModule().setDeserializerModifier(new BeanDeserializerModifier() {
                @Override
                public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription bean,
                        BeanDeserializerBuilder builder) {
                    builder.setAnySetter(null);         // fabric8's @JsonAnySetter additionalProperties
                    return builder;
                }
            }))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private KubernetesManifests() {
    }

    /** Every object of a YAML file (documents separated by ---), each as its kind's class. */
    static List<HasMetadata> read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
            if (document == null) {
                continue;
            }
            Map<?, ?> map = (Map<?, ?>) document;
            String type = map.get("apiVersion") + "/" + map.get("kind");
            Class<? extends HasMetadata> kind = KINDS.get(type);
            if (kind == null) {
                throw new IllegalArgumentException("not a kind these manifests use: " + type + "; known: " + KINDS.keySet());
            }
            objects.add(STRICT.convertValue(map, kind));
        }
        return objects;
    }

    /**
     * The settings application.properties ships, as a pod without those environment variables gets
     * them: {@code camel.server.port={{env:CAMEL_SERVER_PORT:8080}}} is 8080.
     */
    static java.util.Properties shippedSettings() throws java.io.IOException {
        java.util.Properties settings = new java.util.Properties();
        try (java.io.Reader reader = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of("application.properties"))) {
            settings.load(reader);
        }
        for (String key : settings.stringPropertyNames()) {
            settings.setProperty(key, settings.getProperty(key).replaceAll("^\\{\\{env:[A-Z_]+:(.*)}}$", "$1"));
        }
        return settings;
    }
}
