package org.pathwayengine.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what, walked as a table: every endpoint with every role and every defect a token can have. Tokens are
 * signed here with the test key whose public half the test profile trusts (src/test/resources/auth).
 */
@QuarkusTest
class AccessControlTest {

    private static final String ISSUER = "https://test.pathwayengine.org";
    private static final List<String> ROLES = List.of(Roles.LMS, Roles.REGISTRAR, Roles.CURRICULUM, Roles.ADMIN);

    /** An endpoint and the roles it admits. */
    private record Endpoint(String method, String path, String body, Set<String> roles) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final Set<String> EVERYONE = Set.copyOf(ROLES);
    /** Those who keep learner records: the LMS that sends them, registrars and admins. */
    private static final Set<String> RECORD_KEEPERS = Set.of(Roles.LMS, Roles.REGISTRAR, Roles.ADMIN);
    private static final List<Endpoint> TABLE = List.of(
            new Endpoint("POST", "/api/v1/evaluations", example(), Set.of(Roles.LMS, Roles.REGISTRAR, Roles.ADMIN)),
            new Endpoint("GET", "/api/v1/evaluations/" + UUID.randomUUID(), null, Set.of(Roles.REGISTRAR, Roles.ADMIN)),
            new Endpoint("POST", "/api/v1/evaluations/" + UUID.randomUUID() + "/replay", null,
                    Set.of(Roles.REGISTRAR, Roles.ADMIN)),
            new Endpoint("GET", "/api/v1/qualifications", null, EVERYONE),
            new Endpoint("GET", "/api/v1/qualifications/AI-LIT-AWARD", null, EVERYONE),
            new Endpoint("GET", "/api/v1/qualifications/AI-LIT-AWARD/graph", null, EVERYONE),
            new Endpoint("GET", "/api/v1/rulesets/current", null, EVERYONE),
            new Endpoint("GET", "/api/v1/rulesets/current/drl", null, Set.of(Roles.CURRICULUM, Roles.ADMIN)),
            new Endpoint("POST", "/api/v1/rulesets/reload", null, Set.of(Roles.CURRICULUM, Roles.ADMIN)),
            new Endpoint("GET", "/api/v1/rulesets/reloads/" + UUID.randomUUID(), null,
                    Set.of(Roles.CURRICULUM, Roles.ADMIN)),
            new Endpoint("POST", "/api/v1/rulesets/impact?recorded=0", null, Set.of(Roles.CURRICULUM, Roles.ADMIN)),
            new Endpoint("POST", "/api/v1/rulesets/impact/stored", null, Set.of(Roles.CURRICULUM, Roles.ADMIN)),
            new Endpoint("GET", "/api/v1/rulesets/impact/stored/" + UUID.randomUUID(), null,
                    Set.of(Roles.CURRICULUM, Roles.ADMIN)),
            new Endpoint("PUT", "/api/v1/learners/access-" + UUID.randomUUID(),
                    "{\"held\":[{\"code\":\"AIL-TK-101\",\"awarded\":\"2026-01-10\"}]}", RECORD_KEEPERS),
            new Endpoint("POST", "/api/v1/learners/access-" + UUID.randomUUID() + "/credentials",
                    "{\"code\":\"AIL-TK-101\",\"awarded\":\"2026-01-10\"}", RECORD_KEEPERS),
            new Endpoint("DELETE", "/api/v1/learners/access-none/credentials/AIL-TK-101", null, RECORD_KEEPERS),
            new Endpoint("GET", "/api/v1/learners", null, RECORD_KEEPERS),
            new Endpoint("GET", "/api/v1/learners/access-none", null, RECORD_KEEPERS),
            new Endpoint("GET", "/api/v1/learners/access-none/changes", null, RECORD_KEEPERS),
            new Endpoint("GET", "/api/v1/learners/access-none/evaluation", null, RECORD_KEEPERS),
            new Endpoint("GET", "/api/v1/learners/access-none/evaluations", null, Set.of(Roles.REGISTRAR, Roles.ADMIN)),
            new Endpoint("DELETE", "/api/v1/learners/access-none", null, Set.of(Roles.REGISTRAR, Roles.ADMIN)),
            new Endpoint("GET", "/api/v1/jobs", null, Set.of(Roles.REGISTRAR, Roles.CURRICULUM, Roles.ADMIN)),
            new Endpoint("GET", "/api/v1/jobs/" + UUID.randomUUID(), null,
                    Set.of(Roles.REGISTRAR, Roles.CURRICULUM, Roles.ADMIN)));

    @Test
    void every_endpoint_admits_exactly_its_roles() {
        List<String> wrong = new ArrayList<>();
        for (Endpoint e : TABLE) {
            for (String role : ROLES) {
                Response r = call(e, token(role));
                boolean admitted = r.statusCode() != 401 && r.statusCode() != 403;
                if (admitted != e.roles().contains(role) || r.statusCode() >= 500) {
                    wrong.add(e + " as " + role + ": " + r.statusCode() + " " + r.asString());
                }
                if (!admitted) {
                    assertThat(r.contentType()).as(e + " as " + role).startsWith("application/problem+json");
                    assertThat(r.asString()).contains("https://pathwayengine.org/problems/forbidden");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void every_endpoint_refuses_a_missing_or_defective_token_with_a_problem_and_a_challenge() {
        List<String> defects = List.of("none", "expired", "not yet valid", "wrong issuer", "wrong audience",
                "wrong signature", "not a token");
        List<String> wrong = new ArrayList<>();
        for (Endpoint e : TABLE) {
            for (String defect : defects) {
                Response r = call(e, defective(defect));
                if (r.statusCode() != 401 || !r.asString().contains("https://pathwayengine.org/problems/unauthorized")
                        || !"Bearer".equals(r.header("WWW-Authenticate"))) {
                    wrong.add(e + " with " + defect + " token: " + r.statusCode() + " " + r.asString());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void health_metrics_and_the_contract_need_no_token() {
        for (String open : List.of("/q/health/live", "/q/health/ready", "/q/metrics", "/q/openapi")) {
            given().get(open).then().statusCode(200);
        }
    }

    private static Response call(Endpoint e, String token) {
        RequestSpecification spec = given();
        if (token != null) {
            spec = spec.header("Authorization", "Bearer " + token);
        }
        if (e.body() != null) {
            spec = spec.contentType(ContentType.JSON).body(e.body());
        }
        return switch (e.method()) {
            case "POST" -> spec.post(e.path());
            case "PUT" -> spec.put(e.path());
            case "DELETE" -> spec.delete(e.path());
            default -> spec.get(e.path());
        };
    }

    static String token(String role) {
        return Jwt.issuer(ISSUER).audience("pathway-engine").subject("someone").groups(Set.of(role))
                .expiresAt(Instant.now().plusSeconds(600)).sign("auth/test-private.pem");
    }

    private static String defective(String defect) {
        Instant now = Instant.now();
        return switch (defect) {
            case "none" -> null;
            case "expired" -> Jwt.issuer(ISSUER).audience("pathway-engine").subject("someone")
                    .groups(Set.of(Roles.ADMIN)).issuedAt(now.minusSeconds(7200)).expiresAt(now.minusSeconds(3600))
                    .sign("auth/test-private.pem");
            case "not yet valid" -> Jwt.issuer(ISSUER).audience("pathway-engine").subject("someone")
                    .groups(Set.of(Roles.ADMIN)).claim("nbf", now.plusSeconds(3600).getEpochSecond())
                    .expiresAt(now.plusSeconds(7200)).sign("auth/test-private.pem");
            case "wrong issuer" -> Jwt.issuer("https://elsewhere.example").audience("pathway-engine")
                    .subject("someone").groups(Set.of(Roles.ADMIN)).expiresAt(now.plusSeconds(600))
                    .sign("auth/test-private.pem");
            case "wrong audience" -> Jwt.issuer(ISSUER).audience("another-service").subject("someone")
                    .groups(Set.of(Roles.ADMIN)).expiresAt(now.plusSeconds(600)).sign("auth/test-private.pem");
            case "wrong signature" -> Jwt.issuer(ISSUER).audience("pathway-engine").subject("someone")
                    .groups(Set.of(Roles.ADMIN)).expiresAt(now.plusSeconds(600)).sign("auth/other-private.pem");
            case "not a token" -> "not.a.token";
            default -> throw new IllegalArgumentException(defect);
        };
    }

    private static String example() {
        try {
            return Files.readString(Path.of("openapi/examples/evaluation-request.json"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
