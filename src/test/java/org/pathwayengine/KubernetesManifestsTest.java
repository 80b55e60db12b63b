package org.pathwayengine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kustomize build in k8s/ (the base and each overlay) renders with {@code kubectl kustomize} and holds what
 * operators rely on: the Deployment's three probes, resource requests and limits, a non-root, read-only container;
 * an autoscaler aimed at that Deployment; a NetworkPolicy over its pods that lets PostgreSQL and RabbitMQ through;
 * a Service that selects them. Without kubectl on the machine, the base's own files are checked and the overlays
 * are not.
 */
class KubernetesManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Whether kubectl is on the PATH (it renders overlays; without it only the base's own files are read). */
    private static boolean kubectl() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "kubectl")));
    }

    private static List<Path> builds() throws Exception {
        List<Path> out = new ArrayList<>(List.of(Path.of("k8s/base")));
        if (kubectl()) {
            try (Stream<Path> overlays = Files.list(Path.of("k8s/overlays"))) {
                overlays.filter(Files::isDirectory).sorted().forEach(out::add);
            }
        }
        return out;
    }

    private static List<JsonNode> render(Path build) throws Exception {
        if (!kubectl()) {
            // The base's resources as written, in the order its kustomization lists them.
            List<JsonNode> docs = new ArrayList<>();
            for (JsonNode file : YAML.readTree(build.resolve("kustomization.yaml").toFile()).path("resources")) {
                docs.add(YAML.readTree(build.resolve(file.asText()).toFile()));
            }
            return docs;
        }
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", build.toString()).redirectErrorStream(true)
                .start();
        String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kubectl.waitFor()).as("kubectl kustomize %s: %s", build, out).isZero();
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(out)) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
        }
        return docs;
    }

    private static JsonNode kind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }

    @Test
    void every_build_renders_with_what_operators_rely_on() throws Exception {
        for (Path build : builds()) {
            List<JsonNode> docs = render(build);
            JsonNode deployment = kind(docs, "Deployment");
            String name = deployment.path("metadata").path("name").asText();
            JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            JsonNode container = pod.path("containers").get(0);
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                assertThat(container.has(probe)).as("%s: %s", build, probe).isTrue();
            }
            for (String side : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    assertThat(container.path("resources").path(side).path(resource).asText())
                            .as("%s: resources.%s.%s", build, side, resource).isNotBlank();
                }
            }
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as("%s: non-root", build)
                    .isTrue();
            assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean())
                    .as("%s: read-only root", build).isTrue();
            assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true))
                    .as("%s: no privilege escalation", build).isFalse();

            JsonNode hpa = kind(docs, "HorizontalPodAutoscaler");
            assertThat(hpa.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo(name);
            assertThat(hpa.path("spec").path("minReplicas").asInt())
                    .isBetween(1, hpa.path("spec").path("maxReplicas").asInt());

            JsonNode policy = kind(docs, "NetworkPolicy");
            assertThat(policy.path("spec").path("podSelector").path("matchLabels")).isEqualTo(labels);
            List<Integer> egress = new ArrayList<>();
            policy.path("spec").path("egress").forEach(rule -> rule.path("ports")
                    .forEach(p -> egress.add(p.path("port").asInt())));
            assertThat(egress).as("%s: egress to PostgreSQL and RabbitMQ", build).contains(5432, 5672);

            JsonNode service = kind(docs, "Service");
            assertThat(service.path("spec").path("selector")).isEqualTo(labels);
        }
    }
}
