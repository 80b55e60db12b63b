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
 * Every kustomize build in k8s/ (the base and each overlay) renders with {@code kubectl kustomize}, every object in
 * it matches the Kubernetes API's schema (field names, required fields and types, checked by the API's own
 * generated models), and it holds what operators rely on: each Deployment's three probes, resource requests and
 * limits, a non-root, read-only container; an autoscaler aimed at the serving Deployment; a NetworkPolicy over its
 * pods that lets PostgreSQL and RabbitMQ through; a Service that selects them. The dev overlay brings its own
 * PostgreSQL; the prod overlay requires an external one, runs three replicas kept apart and the re-check job on one
 * pod of its own. Without kubectl on the machine, the base's own files are checked and the overlays are not.
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

    /** The Kubernetes API models (generated from its OpenAPI) that check each kind this project renders. */
    private static final java.util.Map<String, Class<?>> SCHEMAS = java.util.Map.of(
            "Deployment", io.kubernetes.client.openapi.models.V1Deployment.class,
            "StatefulSet", io.kubernetes.client.openapi.models.V1StatefulSet.class,
            "Service", io.kubernetes.client.openapi.models.V1Service.class,
            "Secret", io.kubernetes.client.openapi.models.V1Secret.class,
            "ConfigMap", io.kubernetes.client.openapi.models.V1ConfigMap.class,
            "PodDisruptionBudget", io.kubernetes.client.openapi.models.V1PodDisruptionBudget.class,
            "HorizontalPodAutoscaler", io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler.class,
            "NetworkPolicy", io.kubernetes.client.openapi.models.V1NetworkPolicy.class);

    /**
     * Checks one rendered object against the API schema of its kind (a kind not known here fails): the model's
     * {@code validateJsonElement} refuses unknown fields, missing required ones and wrong shapes, recursively.
     */
    private static void validate(JsonNode doc) throws Exception {
        String kind = doc.path("kind").asText();
        assertThat(SCHEMAS).as("a schema for kind %s", kind).containsKey(kind);
        try {
            SCHEMAS.get(kind).getMethod("validateJsonElement", com.google.gson.JsonElement.class).invoke(null,
                    com.google.gson.JsonParser.parseString(new ObjectMapper().writeValueAsString(doc)));
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalArgumentException(e.getCause().getMessage(), e.getCause());
        }
    }

    @Test
    void every_rendered_object_matches_the_kubernetes_api_schema() throws Exception {
        for (Path build : builds()) {
            for (JsonNode doc : render(build)) {
                try {
                    validate(doc);
                } catch (IllegalArgumentException e) {
                    throw new AssertionError(build + ": " + doc.path("kind").asText() + " "
                            + doc.path("metadata").path("name").asText() + " does not match the API schema: "
                            + e.getMessage().lines().findFirst().orElse(""), e);
                }
            }
        }
    }

    @Test
    void the_schema_check_finds_a_misspelt_field_a_list_given_as_one_item_and_a_missing_required_one() throws Exception {
        JsonNode deployment = kind(render(Path.of("k8s/base")), "Deployment");
        com.fasterxml.jackson.databind.node.ObjectNode misspelt = deployment.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) misspelt.path("spec").path("template").path("spec")
                .path("containers").get(0)).set("readinesProbe", misspelt.path("spec").path("template")
                .path("spec").path("containers").get(0).path("readinessProbe"));
        com.fasterxml.jackson.databind.node.ObjectNode wrongType = deployment.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) wrongType.path("spec").path("template").path("spec"))
                .set("containers", wrongType.path("spec").path("template").path("spec").path("containers").get(0));
        com.fasterxml.jackson.databind.node.ObjectNode noImage = deployment.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) noImage.path("spec").path("template").path("spec")
                .path("containers").get(0)).remove("name");
        validate(deployment);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> validate(misspelt))
                .hasMessageContaining("readinesProbe");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> validate(wrongType))
                .hasMessageContaining("containers");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> validate(noImage)).hasMessageContaining("name");
    }

    private static JsonNode named(List<JsonNode> docs, String kind, String name) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind)
                        && d.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static String env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e.has("value") ? e.path("value").asText() : e.path("valueFrom").toString();
            }
        }
        return null;
    }

    @Test
    void dev_brings_its_own_postgresql_and_its_secret() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(kubectl(), "kubectl renders the overlays");
        List<JsonNode> docs = render(Path.of("k8s/overlays/dev"));
        JsonNode deployment = named(docs, "Deployment", "pathway-engine");
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(1);
        JsonNode url = null;
        for (JsonNode e : deployment.path("spec").path("template").path("spec").path("containers").get(0)
                .path("env")) {
            if (e.path("name").asText().equals("QUARKUS_DATASOURCE_JDBC_URL")) {
                url = e.path("valueFrom").path("secretKeyRef");
            }
        }
        assertThat(url).as("the JDBC URL comes from a Secret").isNotNull();
        // The generated Secret (name with a content hash) is the one the Deployment reads, and points at the
        // in-cluster database's Service.
        JsonNode secret = named(docs, "Secret", url.path("name").asText());
        assertThat(new String(java.util.Base64.getMimeDecoder().decode(secret.path("data").path("jdbc-url").asText()),
                StandardCharsets.UTF_8)).isEqualTo("jdbc:postgresql://pathway-engine-postgres:5432/pathways");
        JsonNode postgres = named(docs, "StatefulSet", "pathway-engine-postgres");
        JsonNode podLabels = postgres.path("spec").path("template").path("metadata").path("labels");
        named(docs, "Service", "pathway-engine-postgres").path("spec").path("selector").fields()
                .forEachRemaining(f -> assertThat(podLabels.path(f.getKey())).as("the Service selects the database")
                        .isEqualTo(f.getValue()));
        assertThat(postgres.path("spec").path("template").path("spec").path("securityContext").path("runAsNonRoot")
                .asBoolean()).isTrue();
    }

    @Test
    void prod_runs_three_replicas_apart_on_an_external_database_and_re_checks_on_one_pod() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(kubectl(), "kubectl renders the overlays");
        List<JsonNode> docs = render(Path.of("k8s/overlays/prod"));
        JsonNode serving = named(docs, "Deployment", "pathway-engine");
        JsonNode servingPod = serving.path("spec").path("template").path("spec");
        assertThat(serving.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(named(docs, "HorizontalPodAutoscaler", "pathway-engine").path("spec").path("minReplicas").asInt())
                .isEqualTo(3);
        assertThat(named(docs, "PodDisruptionBudget", "pathway-engine").path("spec").path("minAvailable").asInt())
                .isEqualTo(2);
        assertThat(servingPod.path("affinity").path("podAntiAffinity").toString())
                .contains("kubernetes.io/hostname", "\"app.kubernetes.io/name\":\"pathway-engine\"");
        JsonNode container = servingPod.path("containers").get(0);
        assertThat(env(container, "PATHWAYS_RECHECK_ENABLED")).isEqualTo("false");
        assertThat(env(container, "QUARKUS_DATASOURCE_JDBC_URL")).contains("\"optional\":false");
        assertThat(docs.stream().filter(d -> d.path("kind").asText().equals("StatefulSet"))).as("no in-cluster"
                + " database in prod").isEmpty();
        assertThat(docs.stream().filter(d -> d.path("kind").asText().equals("Secret"))).as("no credentials in"
                + " the build").isEmpty();

        JsonNode worker = named(docs, "Deployment", "pathway-engine-recheck");
        assertThat(worker.path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(worker.path("spec").path("strategy").path("type").asText()).as("never two at once")
                .isEqualTo("Recreate");
        JsonNode workerContainer = worker.path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(env(workerContainer, "PATHWAYS_RECHECK_ENABLED")).isEqualTo("true");
        assertThat(env(workerContainer, "QUARKUS_DATASOURCE_JDBC_URL")).contains("pathway-engine-db")
                .doesNotContain("\"optional\":true");
        // Written out beside the base's Deployment: the two must not drift apart.
        for (String same : List.of("startupProbe", "readinessProbe", "livenessProbe", "securityContext",
                "volumeMounts")) {
            assertThat(workerContainer.path(same)).as("the worker's %s", same).isEqualTo(container.path(same));
        }
        for (String same : List.of("securityContext", "volumes", "automountServiceAccountToken")) {
            assertThat(worker.path("spec").path("template").path("spec").path(same)).as("the worker pod's %s", same)
                    .isEqualTo(servingPod.path(same));
        }
        for (String same : List.of("PATHWAYS_RULES_DIR", "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "JAVA_TOOL_OPTIONS")) {
            assertThat(env(workerContainer, same)).as("the worker's %s", same).isEqualTo(env(container, same));
        }
        assertThat(workerContainer.path("resources").path("limits").path("memory"))
                .isEqualTo(container.path("resources").path("limits").path("memory"));
        assertThat(workerContainer.path("image").asText()).isEqualTo(container.path("image").asText())
                .startsWith("registry.example.com/");
        // The Service, the autoscaler and the budget concern the serving pods only.
        JsonNode workerLabels = worker.path("spec").path("template").path("metadata").path("labels");
        JsonNode selector = named(docs, "Service", "pathway-engine").path("spec").path("selector");
        selector.fields().forEachRemaining(f -> assertThat(workerLabels.path(f.getKey()))
                .as("the Service does not select the worker").isNotEqualTo(f.getValue()));
        assertThat(named(docs, "NetworkPolicy", "pathway-engine-recheck").path("spec").path("podSelector")
                .path("matchLabels")).isEqualTo(worker.path("spec").path("selector").path("matchLabels"));
    }

    private static JsonNode kind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }

    @Test
    void every_build_renders_with_what_operators_rely_on() throws Exception {
        for (Path build : builds()) {
            List<JsonNode> docs = render(build);
            JsonNode deployment = named(docs, "Deployment", "pathway-engine");
            String name = deployment.path("metadata").path("name").asText();
            JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");
            for (JsonNode each : docs.stream().filter(d -> d.path("kind").asText().equals("Deployment")).toList()) {
                String which = build + " " + each.path("metadata").path("name").asText();
                JsonNode pod = each.path("spec").path("template").path("spec");
                JsonNode container = pod.path("containers").get(0);
                for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                    assertThat(container.has(probe)).as("%s: %s", which, probe).isTrue();
                }
                for (String side : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        assertThat(container.path("resources").path(side).path(resource).asText())
                                .as("%s: resources.%s.%s", which, side, resource).isNotBlank();
                    }
                }
                assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as("%s: non-root", which)
                        .isTrue();
                assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean())
                        .as("%s: read-only root", which).isTrue();
                assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true))
                        .as("%s: no privilege escalation", which).isFalse();
            }

            JsonNode hpa = kind(docs, "HorizontalPodAutoscaler");
            assertThat(hpa.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo(name);
            assertThat(hpa.path("spec").path("minReplicas").asInt())
                    .isBetween(1, hpa.path("spec").path("maxReplicas").asInt());

            JsonNode policy = named(docs, "NetworkPolicy", name);
            assertThat(policy.path("spec").path("podSelector").path("matchLabels")).isEqualTo(labels);
            List<Integer> egress = new ArrayList<>();
            policy.path("spec").path("egress").forEach(rule -> rule.path("ports")
                    .forEach(p -> egress.add(p.path("port").asInt())));
            assertThat(egress).as("%s: egress to PostgreSQL and RabbitMQ", build).contains(5432, 5672);

            JsonNode service = named(docs, "Service", name);
            assertThat(service.path("spec").path("selector")).isEqualTo(labels);
        }
    }
}
