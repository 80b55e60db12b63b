package org.pathwayengine.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pathwayengine.service.RulesetReloadResourceTest.reload;

/**
 * The proof that reloading never hurts traffic: several clients evaluate the documented example without pause
 * while the rules are reloaded again and again, alternating valid changes with a DRL syntax error and a failing
 * scenario. Every request must succeed, on a version that was swapped in, and each answer must be wholly of the
 * version it names.
 */
@QuarkusTest
// Access control is AccessControlTest's subject; here every request runs as an admin.
@TestSecurity(user = "test-admin", roles = "admin")
@TestProfile(ReloadFixtures.Manual.class)
class ReloadUnderLoadTest extends ScratchRulesTest {

    private static final int CLIENTS = 4;
    private static final int ROUNDS = 6;
    private static final int MAX_REQUESTS_PER_CLIENT = 5_000;
    private static final Duration TIME_LIMIT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/api/v1/evaluations")
    URI evaluations;

    /** What one request got: the status, and for a 200 the version and the award's title it answered with. */
    record Answer(int status, String version, String awardTitle, String failure) {
    }

    @Test
    void no_request_fails_and_every_answer_is_of_one_valid_version_while_rules_are_reloaded() throws Exception {
        Map<String, String> titleByValidVersion = new ConcurrentHashMap<>();
        titleByValidVersion.put(reload().getString("servingVersion"), ReloadFixtures.AWARD_TITLE);
        Set<String> rejected = new HashSet<>();
        AtomicBoolean reloading = new AtomicBoolean(true);
        long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
        String body = Files.readString(Path.of("openapi/examples/evaluation-request.json"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<List<Answer>>> running = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            running.add(clients.submit(() -> evaluateUntilDone(http, body, reloading, deadline)));
        }
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                String suffix = " r" + round;
                ReloadFixtures.retitle(dir, suffix);
                JsonPath valid = reload();
                assertThat(valid.getString("outcome")).as("round %d, valid change", round).isEqualTo("SWAPPED");
                titleByValidVersion.put(valid.getString("candidateVersion"), ReloadFixtures.AWARD_TITLE + suffix);

                ReloadFixtures.breakDrl(dir);
                JsonPath syntax = reload();
                assertThat(syntax.getString("outcome")).as("round %d, DRL syntax error", round).isEqualTo("REJECTED");
                assertThat(syntax.getString("errors[0].file")).isEqualTo("policies/recency.drl");
                assertThat(syntax.getInt("errors[0].line")).isEqualTo(ReloadFixtures.BROKEN_DRL_LINE);
                rejected.add(syntax.getString("candidateVersion"));

                ReloadFixtures.retitle(dir, suffix);
                ReloadFixtures.breakScenario(dir);
                JsonPath scenario = reload();
                assertThat(scenario.getString("outcome")).as("round %d, failing scenario", round)
                        .isEqualTo("REJECTED");
                assertThat(scenario.getList("failedScenarios")).hasSize(1);
                rejected.add(scenario.getString("candidateVersion"));
            }
        } finally {
            reloading.set(false);
        }
        List<Answer> answers = new ArrayList<>();
        for (Future<List<Answer>> client : running) {
            answers.addAll(client.get(1, TimeUnit.MINUTES));
        }
        clients.shutdown();

        assertThat(answers.stream().filter(a -> a.status() != 200).limit(5).toList())
                .as("failed requests out of %d", answers.size()).isEmpty();
        assertThat(answers).allSatisfy(a -> {
            assertThat(titleByValidVersion).as("answered by a version that was swapped in").containsKey(a.version());
            assertThat(a.awardTitle()).as("an answer is wholly of the version it names")
                    .isEqualTo(titleByValidVersion.get(a.version()));
        });
        Set<String> versionsSeen = answers.stream().map(Answer::version).collect(Collectors.toSet());
        assertThat(versionsSeen).as("traffic ran across the swaps").hasSizeGreaterThanOrEqualTo(3)
                .doesNotContainAnyElementsOf(rejected);
    }

    private List<Answer> evaluateUntilDone(HttpClient http, String body, AtomicBoolean reloading, long deadline)
            throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(evaluations)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        List<Answer> answers = new ArrayList<>();
        while (reloading.get() && answers.size() < MAX_REQUESTS_PER_CLIENT && System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    answers.add(new Answer(response.statusCode(), null, null, response.body()));
                    continue;
                }
                JsonNode answer = JSON.readTree(response.body());
                String title = null;
                for (JsonNode q : answer.path("qualifications")) {
                    if (q.path("code").asText().equals("AI-LIT-AWARD")) {
                        title = q.path("title").asText();
                    }
                }
                answers.add(new Answer(200, answer.path("rulesetVersion").asText(), title, null));
            } catch (IOException e) {
                answers.add(new Answer(0, null, null, e.toString()));
            }
        }
        return answers;
    }
}
