package org.pathwayengine.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.pathwayengine.TestRules;
import org.pathwayengine.credentials.TestIssuer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Open Badges 3.0 and CLR 2.0 credentials given to the evaluation API as they are: 1EdTech's own test credentials
 * each get the outcome their names promise, and credentials signed here (by a registry-listed https issuer, a
 * did:key issuer and a VC-JWT issuer) show each outcome end to end: counted with credit, tampered, revoked on a
 * status list, unmapped, and the rules' policy for credentials that do not verify.
 */
@QuarkusTest
@TestProfile(OpenBadgesTest.Registry.class)
@TestSecurity(user = "test-admin", roles = "admin")
class OpenBadgesTest {

    static final String FIXTURES = "src/test/resources/open-badges-3/";
    static final String K = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi";
    static final String DID_WEB = "did:web:dc.1edtech.org:wellspring2022:wellspring-portal:org:"
            + "da1e96e9-afcc-4eed-b9a2-2ddf7353214c";
    static final String REVOKED_1EDTECH = "https://dc.1edtech.org/wellspring2022/wellspring-portal/credential/"
            + "54418d3f-ec01-4652-800a-861c890a51a1";

    /** Cardiff Met's badge platform: listed in the trust registry, trusted for credit. */
    static final TestIssuer CARDIFF = TestIssuer.https("https://badges.cardiffmet.test/issuer", "cardiff-test-key");
    /** A provider known only by its did:key. */
    static final TestIssuer PROVIDER = TestIssuer.didKey("provider-test-key");
    static final String STATUS_LIST = "https://badges.cardiffmet.test/status/1";
    static final String JWT_ISSUER = "https://lms.example.test/issuer";

    /** Bangor's badge platform: listed, Bangor in the catalog. */
    static final TestIssuer BANGOR = TestIssuer.https("https://badges.bangor.test/issuer", "bangor-test-key");
    static final String CTDL_HOW_AI_WORKS = "https://credentialengineregistry.org/resources/ce-how-ai-works-test";
    static final String HOW_AI_WORKS = "https://badges.cardiffmet.test/achievements/how-ai-works";
    static final String PROMPTING = "https://provider.test/achievements/prompting";
    static final String CTDL_PROMPTING = "https://credentialengineregistry.org/resources/ce-prompting-test";

    /** The sample rules with this test's issuers, keys, mappings and status lists added to the trust registry. */
    public static class Registry implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pathways.rules.watch.enabled", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RegistryRules.class), new TestResourceEntry(StatusServer.class));
        }
    }

    public static class RegistryRules implements QuarkusTestResourceLifecycleManager {
        private Path dir;

        @Override
        public Map<String, String> start() {
            dir = TestRules.scratchCopy("pathways-badges-");
            try {
                writeIntake(dir, "exclude");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("pathways.rules.dir", dir.toString());
        }

        @Override
        public void stop() {
            TestRules.remove(dir);
        }
    }

    /**
     * An issuer's web server publishing a status list (entry 3 revoked) under /lists/, one that never answers in
     * time under /slow/, and other paths the service is not allowed to look up.
     */
    public static class StatusServer implements QuarkusTestResourceLifecycleManager {
        private com.sun.net.httpserver.HttpServer server;

        @Override
        public Map<String, String> start() {
            try {
                server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            byte[] list = CARDIFF.statusList(base + "/lists/1", 3).toString().getBytes(
                    java.nio.charset.StandardCharsets.UTF_8);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                if (path.equals("/lists/1")) {
                    exchange.getResponseHeaders().add("Content-Type", "application/vc+ld+json");
                    exchange.sendResponseHeaders(200, list.length);
                    exchange.getResponseBody().write(list);
                } else if (path.startsWith("/slow/")) {
                    try {
                        Thread.sleep(6000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.sendResponseHeaders(200, list.length);
                    exchange.getResponseBody().write(list);
                } else {
                    exchange.sendResponseHeaders(404, -1);
                }
                exchange.close();
            });
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.start();
            return Map.of("pathways.credentials.lookup.allow", base + "/lists/," + base + "/slow/");
        }

        @Override
        public void stop() {
            server.stop(0);
        }
    }

    /** The sample's CredentialIntake file with this test's additions, and this policy for unverified credentials. */
    static void writeIntake(Path dir, String unverified) throws IOException {
        Path file = dir.resolve("credentials/open-badges.yaml");
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode intake = (ObjectNode) yaml.readTree(Files.readString(Path.of("rules/credentials/open-badges.yaml")));
        intake.put("unverified", unverified);
        // 1EdTech's test issuers, their published test key and their status list: trusted here only.
        ObjectNode oneEdTech = (ObjectNode) yaml.readTree(Files.readString(Path.of(
                "src/test/resources/1edtech-trust.yaml")));
        for (String list : List.of("issuers", "mappings", "statusLists")) {
            ((ArrayNode) intake.get(list)).addAll((ArrayNode) oneEdTech.get(list));
        }
        ArrayNode issuers = (ArrayNode) intake.get("issuers");
        issuers.addObject().put("id", DID_WEB).put("name", "1EdTech Wellspring (did:web, keys listed here)")
                .putArray("keys").addObject().put("id", DID_WEB + "#" + K).put("publicKeyMultibase", K);
        issuers.addObject().put("id", "urn:uuid:6f2e33e5-7a29-4155-840a-59483ba10164")
                .put("name", "1EdTech test issuer signing with a did:key")
                .putArray("keys").addObject().put("id", "did:key:" + K).put("publicKeyMultibase", K);
        ObjectNode cardiff = issuers.addObject().put("id", CARDIFF.id()).put("name", "Cardiff Met badges")
                .put("catalogIssuer", "cardiff-met").put("trustedForCredit", true);
        cardiff.putArray("keys").addObject().put("id", CARDIFF.verificationMethod())
                .put("publicKeyMultibase", CARDIFF.publicKeyMultibase());
        ObjectNode jwt = issuers.addObject().put("id", JWT_ISSUER).put("name", "An LMS signing VC-JWTs");
        jwt.putArray("keys").addObject().put("id", "lms-key-1").set("publicKeyJwk",
                new ObjectMapper().readTree(rsa().toPublicJWK().toJSONString()));
        ObjectNode bangor = issuers.addObject().put("id", BANGOR.id()).put("name", "Bangor badges")
                .put("catalogIssuer", "bangor").put("trustedForCredit", true);
        bangor.putArray("keys").addObject().put("id", BANGOR.verificationMethod())
                .put("publicKeyMultibase", BANGOR.publicKeyMultibase());
        ArrayNode mappings = (ArrayNode) intake.get("mappings");
        // Names no issuer: any listed issuer that is Cardiff Met in the catalog may award it.
        mappings.addObject().put("alignment", CTDL_HOW_AI_WORKS).put("code", "AIL-TK-101");
        mappings.addObject().put("achievement", HOW_AI_WORKS).put("issuer", CARDIFF.id()).put("code", "AIL-TK-101");
        mappings.addObject().put("alignment", CTDL_PROMPTING).put("issuer", PROVIDER.id()).put("code", "AIL-PU-110");
        mappings.addObject().put("humanCode", "AI-ETHICS-7").put("issuer", JWT_ISSUER).put("code", "AIL-EA-140");
        ArrayNode lists = (ArrayNode) intake.get("statusLists");
        lists.addObject().put("url", STATUS_LIST).set("document",
                new ObjectMapper().readTree(CARDIFF.statusList(STATUS_LIST, 7).toString()));
        ObjectNode revocations = lists.addObject().put("url", "https://dc.1edtech.org/wellspring2022/wellspring-portal/"
                + "api/revocations/da1e96e9-afcc-4eed-b9a2-2ddf7353214c").putObject("document");
        revocations.put("id", "https://dc.1edtech.org/wellspring2022/wellspring-portal/api/revocations/"
                + "da1e96e9-afcc-4eed-b9a2-2ddf7353214c").put("issuer", DID_WEB);
        revocations.putArray("revokedCredentials").addObject().put("id", REVOKED_1EDTECH)
                .put("revocationReason", "issued in error");
        Files.writeString(file, "# Written by OpenBadgesTest: the sample registry and the test's issuers.\n"
                + yaml.writeValueAsString(intake));
    }

    /** The LMS's RSA key, the same on every call (the rules are written before the service starts). */
    static RSAKey rsa() {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed("lms-test-rsa".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, random);
            var pair = generator.generateKeyPair();
            return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID("lms-key-1").build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- helpers ---

    static Object fixture(String name) {
        try {
            String text = Files.readString(Path.of(FIXTURES + name));
            return name.endsWith(".jwt") ? text.strip() : new ObjectMapper().readValue(text, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Object json(JsonObject credential) {
        try {
            return new ObjectMapper().readValue(credential.toString(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonPath evaluate(String asOf, Object... credentials) {
        List<Object> held = new ArrayList<>();
        for (Object c : credentials) {
            held.add(c instanceof Map<?, ?> m && m.containsKey("code") ? c : Map.of("verifiableCredential", c));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("learner", "badge-test");
        body.put("asOf", asOf);
        body.put("held", held);
        return given().contentType(ContentType.JSON).body(body).queryParam("nextSteps", "false")
                .post("/api/v1/evaluations").then().statusCode(200).extract().jsonPath();
    }

    static Map<String, Object> only(JsonPath answer) {
        List<Map<String, Object>> credentials = answer.getList("credentials");
        assertThat(credentials).hasSize(1);
        return credentials.get(0);
    }

    static Map<String, Object> outcome(String fixture) {
        return only(evaluate("2026-12-01", fixture(fixture)));
    }

    // --- 1EdTech's test credentials ---

    @Test
    void signed_fixtures_verify_and_are_taken_in_as_the_catalog_credential_they_map_onto() {
        for (String name : List.of("ob30/simple.json", "ob30/simple_v1.json", "ob30/simple-multiple-proofs.json",
                "ob30/simple-context-alias.json", "ob30/simple-context-version.json")) {
            JsonPath answer = evaluate("2026-12-01", fixture(name));
            Map<String, Object> c = only(answer);
            assertThat(c.get("verification")).as(name + ": " + c.get("verificationReason")).isEqualTo("VERIFIED");
            assertThat(c.get("outcome")).as(name).isEqualTo("ADMITTED");
            assertThat(c.get("code")).as(name).isEqualTo("IOC-AGILE-BOOTCAMP");
            // It is a held credential of the evaluation: the policies judge it (it was not assessed, so it carries
            // no credit towards the university certificate it makes relevant).
            assertThat(answer.getList("qualifications.code", String.class)).as(name).contains("DIGI-UCERT");
            assertThat(answer.getList("excluded.findAll { it.code == 'IOC-AGILE-BOOTCAMP' }.held", Integer.class))
                    .as(name).isNotEmpty().containsOnly(0);
        }
        // Signed and verified, but the rules map its achievement onto nothing: reported, not dropped.
        Map<String, Object> unmapped = outcome("ob30/simple-eddsa-2022.json");
        assertThat(unmapped.get("verification")).isEqualTo("VERIFIED");
        assertThat(unmapped.get("outcome")).isEqualTo("NOT_ADMITTED");
        assertThat((String) unmapped.get("reason")).startsWith("unmapped:").contains("did:1edtech:achievement:1");
        // The same Teamwork achievement from another issuer: the mapping names Example Corp, so it does not map.
        Map<String, Object> otherIssuer = outcome("ob30/simple-did-web-method.json");
        assertThat(otherIssuer).containsEntry("verification", "VERIFIED").containsEntry("outcome", "NOT_ADMITTED")
                .containsEntry("issuer", "https://1edtech.edu/issuers/565049");
        assertThat((String) otherIssuer.get("reason")).startsWith("unmapped:");
        // A did:key proves only who signed; listed for the issuer in the registry, it is the issuer's.
        assertThat(outcome("ob30/simple-did-key-method.json").get("verification")).isEqualTo("VERIFIED");
    }

    @Test
    void each_defective_fixture_gets_the_outcome_its_name_promises() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("ob30/simple-err-expired.json", "EXPIRED");
        expected.put("ob30/simple-err-issued.json", "NOT_YET_VALID");
        expected.put("ob30/credential-status-revoked.json", "REVOKED");
        expected.put("ob30/bit-string-list/credential-status-revoked.json", "REVOKED");
        expected.put("ob30/bit-string-list/credential-status-revoked-blank-nodes.json", "REVOKED");
        for (String name : List.of("simple-err-proof-value", "simple-err-proof-method",
                "simple-err-proof-method-no-scheme", "simple-err-proof-method-unknown-did-method",
                "simple-err-proof-method-unknown-scheme", "simple-err-context", "simple-err-issuer",
                "simple-err-type", "simple-noproof", "simple-err-credential-subject-type",
                "simple-err-credential-subject-identifier-type", "simple-err-credential-subject-profile-type",
                "simple-err-credential-subject-result-type",
                "simple-err-credential-subject-achievement-result-description-type", "simple-err-evidence-type",
                "simple-err-issuer-type", "simple-err-issuer-otheridentifier-type",
                "simple-err-issuer-parentorg-type", "sd/derivedcredential")) {
            expected.put("ob30/" + name + ".json", "UNVERIFIED");
        }
        expected.put("ob30/simple.jwt", "UNVERIFIED");
        expected.put("ob30/velocity.jwt", "UNVERIFIED");
        expected.forEach((name, verification) -> {
            Map<String, Object> c = outcome(name);
            assertThat(c.get("verification")).as(name + ": " + c.get("verificationReason")).isEqualTo(verification);
            if (!verification.equals("EXPIRED")) {
                assertThat(c.get("outcome")).as(name).isEqualTo("NOT_ADMITTED");
                assertThat((String) c.get("reason")).as(name).isNotBlank();
            }
        });
        assertThat((String) outcome("ob30/simple-err-proof-value.json").get("verificationReason"))
                .contains("cannot be had offline");
        assertThat((String) outcome("ob30/simple-err-evidence-type.json").get("verificationReason"))
                .contains("signature does not match");
        assertThat((String) outcome("ob30/credential-status-revoked.json").get("verificationReason"))
                .contains("revocation list", "issued in error");
        assertThat((String) outcome("ob30/bit-string-list/credential-status-revoked.json").get("verificationReason"))
                .contains("entry 23");
    }

    @Test
    void an_expired_fixture_is_taken_in_and_the_engine_says_it_expired() {
        JsonPath answer = evaluate("2026-12-01", fixture("ob30/simple-err-expired.json"));
        assertThat(only(answer).get("outcome")).isEqualTo("ADMITTED");
        List<Map<String, Object>> expired = answer.getList("excluded.findAll { it.reason.contains('expired') }");
        assertThat(expired).isNotEmpty().allSatisfy(e -> assertThat(e).containsEntry("code", "IOC-AGILE-BOOTCAMP")
                .containsEntry("held", 0));
    }

    @Test
    void a_clr_bundle_keeps_its_associations_and_each_credential_in_it_stands_on_its_own() {
        JsonPath answer = evaluate("2026-12-01", fixture("clr20/simple.json"));
        List<Map<String, Object>> credentials = answer.getList("credentials");
        assertThat(credentials).hasSize(2);
        assertThat(credentials.get(0)).containsEntry("type", "ClrCredential").containsEntry("outcome", "BUNDLE")
                .containsEntry("held", 0).doesNotContainKey("part");
        assertThat(answer.getString("credentials[0].associations[0].associationType")).isEqualTo("isParentOf");
        assertThat(credentials.get(1)).containsEntry("held", 0).containsEntry("part", 0)
                .containsEntry("type", "OpenBadgeCredential");
    }

    // --- credentials signed here ---

    static JsonObject cardiffBadge(String id) {
        JsonObject badge = CARDIFF.badge(id, HOW_AI_WORKS, "How AI systems work", "2025-06-30T09:00:00Z");
        return Json.createObjectBuilder(badge)
                .add("credentialSubject", Json.createObjectBuilder(badge.getJsonObject("credentialSubject"))
                        .add("creditsEarned", 10))
                .add("evidence", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("id", "https://badges.cardiffmet.test/evidence/1").add("type",
                                Json.createArrayBuilder().add("Evidence")).add("name", "Workplace project")
                        .add("genre", "Practice")))
                .build();
    }

    @Test
    void a_badge_from_a_registry_listed_issuer_counts_with_its_credit_and_a_changed_byte_does_not() {
        JsonObject signed = CARDIFF.sign(cardiffBadge("urn:uuid:badge-1"));
        JsonPath answer = evaluate("2026-12-01", json(signed));
        Map<String, Object> c = only(answer);
        assertThat(c).containsEntry("verification", "VERIFIED").containsEntry("outcome", "ADMITTED")
                .containsEntry("code", "AIL-TK-101").doesNotContainKey("reason");
        // Awarded on the credential's date, with the catalog's 10 CQFW credits at level 4.
        assertThat(answer.getString("credit.totals[0].framework")).isEqualTo("CQFW");
        assertThat(answer.getDouble("credit.totals[0].credits")).isEqualTo(10.0);
        assertThat(answer.getList("excluded")).isEmpty();

        String tampered = signed.toString().replace("How AI systems work", "How AI systems wark");
        Map<String, Object> changed = only(evaluate("2026-12-01", json(Json.createReader(
                new java.io.StringReader(tampered)).readObject())));
        assertThat(changed).containsEntry("verification", "UNVERIFIED").containsEntry("outcome", "NOT_ADMITTED");
        assertThat((String) changed.get("verificationReason")).contains("signature does not match");
    }

    @Test
    void a_badge_revoked_on_its_issuers_status_list_does_not_count() {
        JsonObject unsigned = Json.createObjectBuilder(cardiffBadge("urn:uuid:badge-7"))
                .add("credentialStatus", Json.createObjectBuilder().add("id", STATUS_LIST + "#7")
                        .add("type", "BitstringStatusListEntry").add("statusPurpose", "revocation")
                        .add("statusListIndex", "7").add("statusListCredential", STATUS_LIST))
                .build();
        Map<String, Object> revoked = only(evaluate("2026-12-01", json(CARDIFF.sign(unsigned))));
        assertThat(revoked).containsEntry("verification", "REVOKED").containsEntry("outcome", "NOT_ADMITTED")
                .containsEntry("code", "AIL-TK-101");
        // Entry 8 is not set; a list the registry does not hold cannot rule revocation out.
        JsonObject active = Json.createObjectBuilder(unsigned).add("credentialStatus", Json.createObjectBuilder(
                unsigned.getJsonObject("credentialStatus")).add("statusListIndex", "8")).build();
        assertThat(only(evaluate("2026-12-01", json(CARDIFF.sign(active)))).get("verification"))
                .isEqualTo("VERIFIED");
        JsonObject elsewhere = Json.createObjectBuilder(unsigned).add("credentialStatus", Json.createObjectBuilder(
                unsigned.getJsonObject("credentialStatus")).add("statusListCredential",
                "https://badges.cardiffmet.test/status/2")).build();
        Map<String, Object> unknown = only(evaluate("2026-12-01", json(CARDIFF.sign(elsewhere))));
        assertThat(unknown.get("verification")).isEqualTo("UNVERIFIED");
        assertThat((String) unknown.get("verificationReason")).contains("status/2 is not held");
    }

    @Test
    void a_did_key_issuers_badge_maps_by_alignment_and_counts_without_credit() {
        JsonObject badge = PROVIDER.badge("urn:uuid:prompting-1", PROMPTING, "Prompting in practice",
                "2025-03-01T00:00:00Z");
        JsonObject aligned = Json.createObjectBuilder(badge).add("credentialSubject", Json.createObjectBuilder(
                badge.getJsonObject("credentialSubject")).add("achievement", Json.createObjectBuilder(
                badge.getJsonObject("credentialSubject").getJsonObject("achievement"))
                .add("alignment", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("type", Json.createArrayBuilder().add("Alignment")).add("targetName", "Prompting")
                        .add("targetUrl", CTDL_PROMPTING).add("targetType", "CTDL"))))).build();
        JsonPath answer = evaluate("2026-12-01", json(PROVIDER.sign(aligned)));
        Map<String, Object> c = only(answer);
        assertThat(c).containsEntry("verification", "VERIFIED").containsEntry("outcome", "ADMITTED")
                .containsEntry("code", "AIL-PU-110").containsEntry("issuer", PROVIDER.id());
        assertThat((String) c.get("reason")).contains("without credit");
        assertThat(answer.getList("credit.totals")).isEmpty();
        // Anyone can make a did:key and sign the same claim: an issuer the mapping does not name maps onto nothing.
        TestIssuer anyone = TestIssuer.didKey("anyone-test-key");
        JsonObject copied = Json.createObjectBuilder(aligned).add("issuer", Json.createObjectBuilder()
                .add("id", anyone.id()).add("type", Json.createArrayBuilder().add("Profile"))).build();
        Map<String, Object> forged = only(evaluate("2026-12-01", json(anyone.sign(copied))));
        assertThat(forged).containsEntry("verification", "VERIFIED").containsEntry("outcome", "NOT_ADMITTED");
        assertThat((String) forged.get("reason")).startsWith("unmapped:").contains("not in the trust registry");
    }

    @Test
    void a_vc_jwt_signed_with_a_listed_key_maps_by_human_code() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(JWT_ISSUER).subject("did:example:learner-1")
                .jwtID("urn:uuid:jwt-1").notBeforeTime(java.util.Date.from(java.time.Instant.parse(
                        "2025-02-01T00:00:00Z")))
                .claim("vc", Map.of("@context", List.of("https://www.w3.org/ns/credentials/v2",
                                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
                        "id", "urn:uuid:jwt-1", "type", List.of("VerifiableCredential", "OpenBadgeCredential"),
                        "issuer", Map.of("id", JWT_ISSUER, "type", List.of("Profile")),
                        "validFrom", "2025-02-01T00:00:00Z",
                        "credentialSubject", Map.of("id", "did:example:learner-1", "type",
                                List.of("AchievementSubject"), "achievement", Map.of("id",
                                        "https://lms.example.test/achievements/17", "type", List.of("Achievement"),
                                        "humanCode", "AI-ETHICS-7", "name", "AI ethics in practice"))))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("lms-key-1")
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(rsa()));
        Map<String, Object> c = only(evaluate("2026-12-01", jwt.serialize()));
        assertThat(c).containsEntry("format", "jwt").containsEntry("verification", "VERIFIED")
                .containsEntry("outcome", "ADMITTED").containsEntry("code", "AIL-EA-140");
    }

    @Test
    void an_expired_badge_is_still_checked_for_its_issuers_key_and_its_status() {
        JsonObject expired = Json.createObjectBuilder(cardiffBadge("urn:uuid:badge-expired"))
                .add("validUntil", "2026-01-31T00:00:00Z").build();
        // Signed by its issuer, not revoked: admitted, and the engine says it expired.
        JsonPath answer = evaluate("2026-12-01", json(CARDIFF.sign(expired)));
        assertThat(only(answer)).containsEntry("verification", "EXPIRED").containsEntry("outcome", "ADMITTED")
                .containsEntry("code", "AIL-TK-101");
        assertThat(answer.getList("excluded.findAll { it.code == 'AIL-TK-101' }.reason", String.class))
                .anySatisfy(r -> assertThat(r).contains("expired on 2026-01-31"));
        // Expired and revoked: revoked.
        JsonObject revoked = Json.createObjectBuilder(expired).add("credentialStatus", Json.createObjectBuilder()
                .add("id", STATUS_LIST + "#7").add("type", "BitstringStatusListEntry")
                .add("statusPurpose", "revocation").add("statusListIndex", "7")
                .add("statusListCredential", STATUS_LIST)).build();
        assertThat(only(evaluate("2026-12-01", json(CARDIFF.sign(revoked))))).containsEntry("verification", "REVOKED")
                .containsEntry("outcome", "NOT_ADMITTED");
        // Expired and signed with a key that is not the issuer's: not the issuer's credential at all.
        TestIssuer impostor = TestIssuer.https(CARDIFF.id(), "not-cardiffs-key");
        Map<String, Object> forged = only(evaluate("2026-12-01", json(impostor.sign(expired))));
        assertThat(forged).containsEntry("outcome", "NOT_ADMITTED");
        assertThat((String) forged.get("reason")).contains("the rules exclude credentials that do not verify");
    }

    @Test
    void a_vc_jwts_exp_is_the_credentials_expiry() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(JWT_ISSUER).jwtID("urn:uuid:jwt-exp")
                .expirationTime(java.util.Date.from(java.time.Instant.parse("2026-03-01T00:00:00Z")))
                .claim("vc", Map.of("@context", List.of("https://www.w3.org/ns/credentials/v2",
                                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
                        "id", "urn:uuid:jwt-exp", "type", List.of("VerifiableCredential", "OpenBadgeCredential"),
                        "issuer", Map.of("id", JWT_ISSUER, "type", List.of("Profile")),
                        "validFrom", "2025-02-01T00:00:00Z",
                        "credentialSubject", Map.of("type", List.of("AchievementSubject"), "achievement",
                                Map.of("id", "https://lms.example.test/achievements/17", "type",
                                        List.of("Achievement"), "humanCode", "AI-ETHICS-7", "name", "AI ethics"))))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("lms-key-1")
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(rsa()));
        JsonPath answer = evaluate("2026-12-01", jwt.serialize());
        assertThat(only(answer)).containsEntry("verification", "EXPIRED").containsEntry("outcome", "ADMITTED")
                .containsEntry("code", "AIL-EA-140");
        assertThat(answer.getList("excluded.findAll { it.code == 'AIL-EA-140' }.reason", String.class))
                .anySatisfy(r -> assertThat(r).contains("expired on 2026-03-01"));
        // Before its exp it counts as it is.
        assertThat(only(evaluate("2026-02-01", jwt.serialize()))).containsEntry("verification", "VERIFIED");
    }

    @Test
    void a_mapping_that_names_no_issuer_takes_only_the_institution_that_issues_the_credential() {
        java.util.function.Function<TestIssuer, JsonObject> aligned = issuer -> {
            JsonObject badge = issuer.badge("urn:uuid:aligned-" + issuer.id().hashCode(),
                    issuer.id() + "/achievements/intro-ai", "Introduction to AI", "2025-05-01T00:00:00Z");
            return issuer.sign(Json.createObjectBuilder(badge).add("credentialSubject", Json.createObjectBuilder(
                    badge.getJsonObject("credentialSubject")).add("achievement", Json.createObjectBuilder(
                    badge.getJsonObject("credentialSubject").getJsonObject("achievement"))
                    .add("alignment", Json.createArrayBuilder().add(Json.createObjectBuilder()
                            .add("type", Json.createArrayBuilder().add("Alignment")).add("targetName", "How AI works")
                            .add("targetUrl", CTDL_HOW_AI_WORKS).add("targetType", "CTDL"))))).build());
        };
        Map<String, Object> cardiff = only(evaluate("2026-12-01", json(aligned.apply(CARDIFF))));
        assertThat(cardiff).containsEntry("outcome", "ADMITTED").containsEntry("code", "AIL-TK-101")
                .containsEntry("subject", "did:example:learner-1");
        // Bangor is a trusted partner too, but AIL-TK-101 is Cardiff Met's to award.
        Map<String, Object> bangor = only(evaluate("2026-12-01", json(aligned.apply(BANGOR))));
        assertThat(bangor).containsEntry("verification", "VERIFIED").containsEntry("outcome", "NOT_ADMITTED");
        assertThat((String) bangor.get("reason")).startsWith("unmapped:").contains("whose catalogIssuer issues");
    }

    @Test
    void a_credential_given_twice_counts_once_and_says_where_it_is() {
        JsonObject signed = CARDIFF.sign(cardiffBadge("urn:uuid:badge-1"));
        JsonPath answer = evaluate("2026-12-01", Map.of("code", "AIL-TK-101", "awarded", "2024-01-10"),
                json(signed));
        assertThat(only(answer)).containsEntry("outcome", "NOT_ADMITTED").containsEntry("held", 1);
        assertThat((String) only(answer).get("reason")).contains("already given at held[0]");
    }

    @Test
    void bad_entries_are_refused_naming_the_field() {
        given().contentType(ContentType.JSON).body(Map.of("held", List.of(Map.of("verifiableCredential", 42))))
                .post("/api/v1/evaluations").then().statusCode(400)
                .body("violations[0].field", equalTo("held[0].verifiableCredential"));
        given().contentType(ContentType.JSON).body(Map.of("held", List.of(Map.of("code", "AIL-TK-101",
                        "verifiableCredential", fixture("ob30/simple.json")))))
                .post("/api/v1/evaluations").then().statusCode(400)
                .body("violations[0].field", equalTo("held[0].code"));
        given().contentType(ContentType.JSON).body(Map.of("held", List.of(Map.of("awarded", "2025-01-01"))))
                .post("/api/v1/evaluations").then().statusCode(400)
                .body("violations[0].field", equalTo("held[0].code"));
        given().contentType(ContentType.JSON).body(Map.of("held", List.of(Map.of("code", "AIL-TK-101",
                        "awarded", "2025-01-01")), "hypothetical", List.of(Map.of("verifiableCredential",
                        fixture("ob30/simple.json")))))
                .post("/api/v1/evaluations").then().statusCode(400)
                .body("violations[0].field", equalTo("hypothetical[0].verifiableCredential"));
        // PostgreSQL keeps requests as jsonb, which holds no NUL: refused at the field, never a 500.
        Map<String, Object> withNul = new LinkedHashMap<>((Map<String, Object>) fixture("ob30/simple.json"));
        withNul.put("name", "Team\u0000work");
        given().contentType(ContentType.JSON).body(Map.of("held", List.of(Map.of("verifiableCredential", withNul))))
                .post("/api/v1/evaluations").then().statusCode(400)
                .body("violations[0].field", equalTo("held[0].verifiableCredential"))
                .body("violations[0].message", org.hamcrest.Matchers.containsString("NUL"));
        // A credential already named as a what-if is not taken in again.
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("held", List.of(Map.of("verifiableCredential", json(CARDIFF.sign(cardiffBadge("urn:uuid:hyp"))))));
        body.put("hypothetical", List.of(Map.of("code", "AIL-TK-101", "awarded", "2026-06-01")));
        body.put("asOf", "2026-12-01");
        given().contentType(ContentType.JSON).body(body).queryParam("nextSteps", "false")
                .post("/api/v1/evaluations").then().statusCode(200)
                .body("credentials[0].outcome", equalTo("NOT_ADMITTED"))
                .body("credentials[0].reason", org.hamcrest.Matchers.containsString("hypothetical[0]"));
        // Not JSON-LD, not a JWT: a credential that says nothing is reported, not a 500.
        Map<String, Object> nonsense = only(evaluate("2026-12-01", "not.a.credential"));
        assertThat(nonsense).containsEntry("outcome", "NOT_ADMITTED").containsEntry("verification", "UNVERIFIED");
    }

    @Test
    void hostile_credentials_are_unverified_with_a_reason_never_a_failed_answer() {
        String unsigned = "{\"alg\":\"none\"}";
        String none = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(unsigned.getBytes())
                + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"iss\":\"https://example.com/issuers/876543\",\"vc\":{}}".getBytes()) + ".";
        Map<String, Object> badge = new LinkedHashMap<>((Map<String, Object>) fixture("ob30/simple.json"));
        List<Object> contexts = new ArrayList<>();
        contexts.add("https://www.w3.org/ns/credentials/v2");
        // A context defined inline, as an attacker may, with a term that makes a loop of scoped contexts.
        contexts.add(Map.of("@version", 1.1, "Loop", Map.of("@id", "https://evil.test/Loop",
                "@context", Map.of("x", Map.of("@id", "https://evil.test/x", "@type", "@id")))));
        badge.put("@context", contexts);
        Map<String, Object> wide = new LinkedHashMap<>((Map<String, Object>) fixture("ob30/simple.json"));
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            many.add(Map.of("id", "_:b" + i, "type", List.of("Evidence"), "name", "e" + i));
        }
        wide.put("evidence", many);
        JsonPath answer = evaluate("2026-12-01", none, badge, wide, "eyJ.eyJ.x", Map.of("@context", 42,
                "type", List.of("VerifiableCredential"), "issuer", "x", "proof", Map.of("type", "DataIntegrityProof",
                        "cryptosuite", "eddsa-rdfc-2022", "verificationMethod", "did:key:z6Mk", "proofPurpose",
                        "assertionMethod", "proofValue", "z1")));
        List<Map<String, Object>> credentials = answer.getList("credentials");
        assertThat(credentials).hasSize(5).allSatisfy(c -> {
            assertThat(c.get("verification")).isEqualTo("UNVERIFIED");
            assertThat(c.get("outcome")).isEqualTo("NOT_ADMITTED");
            assertThat((String) c.get("verificationReason")).isNotBlank();
        });
        assertThat((String) credentials.get(0).get("verificationReason")).contains("nor a signed JWT");
    }

    @Test
    void a_learner_record_holds_badges_and_each_evaluation_verifies_them_again() {
        String learner = "badge-learner-" + java.util.UUID.randomUUID();
        JsonObject signed = CARDIFF.sign(cardiffBadge("urn:uuid:badge-record"));
        given().contentType(ContentType.JSON).body(Map.of("held", List.of(Map.of("verifiableCredential",
                        json(signed)), Map.of("code", "AIL-PU-120", "awarded", "2025-02-01"))))
                .put("/api/v1/learners/" + learner).then().statusCode(201)
                .body("learner.held.size()", equalTo(2))
                .body("changes[0].code", org.hamcrest.Matchers.startsWith("vc-"));
        JsonPath answer = given().get("/api/v1/learners/" + learner + "/evaluation").then().statusCode(200)
                .extract().jsonPath();
        assertThat(answer.getString("credentials[0].code")).isEqualTo("AIL-TK-101");
        assertThat(answer.getString("credentials[0].verification")).isEqualTo("VERIFIED");
        // The same badge given again is a correction of the same entry, not a second credential.
        given().contentType(ContentType.JSON).body(Map.of("held", List.of(Map.of("verifiableCredential",
                        json(signed)), Map.of("code", "AIL-PU-120", "awarded", "2025-02-01"))))
                .put("/api/v1/learners/" + learner).then().statusCode(200)
                .body("learner.held.size()", equalTo(2));
        given().delete("/api/v1/learners/" + learner).then().statusCode(200);
    }

    @Test
    void the_rules_policy_decides_whether_an_unverified_badge_counts_pending_review() throws IOException {
        Path dir = Path.of(ConfigProvider.getConfig().getValue("pathways.rules.dir", String.class));
        // Signed with a key the registry does not list for the issuer: it does not verify.
        TestIssuer impostor = TestIssuer.https(CARDIFF.id(), "not-cardiffs-key");
        Object badge = json(impostor.sign(cardiffBadge("urn:uuid:badge-unlisted")));
        try {
            writeIntake(dir, "pending-review");
            given().post("/api/v1/rulesets/reload").then().statusCode(200);
            JsonPath pending = evaluate("2026-12-01", badge, Map.of("code", "AIL-TK-220", "awarded",
                    "2025-01-01"), Map.of("code", "AIL-EA-140", "awarded", "2025-09-01"));
            assertThat(only(pending)).containsEntry("outcome", "PENDING_REVIEW").containsEntry("code", "AIL-TK-101");
            List<Map<String, Object>> marked = pending.getList("qualifications.findAll { it.pendingReview }");
            assertThat(marked).isNotEmpty().allSatisfy(q -> assertThat((List<Object>) q.get("pendingReview"))
                    .containsExactly("AIL-TK-101"));
            // The issuer's own copy of the same credential, given after it, verifies and takes its place.
            JsonPath both = evaluate("2026-12-01", badge, json(CARDIFF.sign(cardiffBadge("urn:uuid:badge-own"))));
            List<Map<String, Object>> outcomes = both.getList("credentials");
            assertThat(outcomes.get(0)).containsEntry("outcome", "NOT_ADMITTED");
            assertThat((String) outcomes.get(0).get("reason")).contains("admitted from held[1] instead, which verifies");
            assertThat(outcomes.get(1)).containsEntry("outcome", "ADMITTED").containsEntry("code", "AIL-TK-101");
            assertThat(both.getList("qualifications.findAll { it.pendingReview }")).isEmpty();
            // A qualification whose entry requirement the pending credential meets rests on it too: the CertHE
            // asks for AIL-TK-101 or MS-AI-900 before it can be awarded.
            assertThat(pending.getList("qualifications.findAll { it.pendingReview }.code", String.class))
                    .contains("DIGI-CERTHE");

            writeIntake(dir, "accept");
            given().post("/api/v1/rulesets/reload").then().statusCode(200);
            JsonPath accepted = evaluate("2026-12-01", badge);
            assertThat(only(accepted)).containsEntry("outcome", "ADMITTED").containsEntry("verification",
                    "UNVERIFIED");
            assertThat((String) only(accepted).get("reason")).contains("accept unverified credentials");
        } finally {
            writeIntake(dir, "exclude");
            given().post("/api/v1/rulesets/reload").then().statusCode(200);
        }
        Map<String, Object> excluded = only(evaluate("2026-12-01", badge));
        assertThat(excluded).containsEntry("outcome", "NOT_ADMITTED");
        assertThat((String) excluded.get("reason")).contains("the rules exclude credentials that do not verify");
    }

    @Test
    void an_eligible_qualification_comes_with_the_achievement_credential_its_awarding_body_would_issue() {
        JsonObject signed = CARDIFF.sign(cardiffBadge("urn:uuid:badge-award"));
        Map<String, Object> body = Map.of("learner", "learner-0042", "asOf", "2026-11-01", "held", List.of(
                Map.of("verifiableCredential", json(signed)),
                Map.of("code", "AIL-PU-110", "awarded", "2025-09-15"),
                Map.of("code", "AIL-EA-140", "awarded", "2025-12-10", "grade", "Merit"),
                Map.of("code", "AIL-CT-130", "awarded", "2026-03-02"),
                Map.of("code", "AIL-PU-120", "awarded", "2026-05-20")));
        JsonPath answer = given().contentType(ContentType.JSON).body(body).queryParam("openBadges", "true")
                .queryParam("nextSteps", "false").post("/api/v1/evaluations").then().statusCode(200)
                .extract().jsonPath();
        assertThat(answer.getString("qualifications[0].status")).isEqualTo("ELIGIBLE");
        Map<String, Object> badge = answer.getMap("qualifications[0].openBadge");
        assertThat((List<Object>) badge.get("type")).containsExactly("VerifiableCredential", "AchievementCredential");
        assertThat(badge).doesNotContainKey("proof");
        assertThat(answer.getString("qualifications[0].openBadge.credentialSubject.achievement.name"))
                .isEqualTo(answer.getString("qualifications[0].title"));
        assertThat(answer.getString("qualifications[0].openBadge.credentialSubject.achievement.achievementType"))
                .isEqualTo("Award");
        assertThat(answer.getString("qualifications[0].openBadge.credentialSubject.identifier[0].identityHash"))
                .isEqualTo("learner-0042");
        // The badge that counted is named by its own credential id; the others by catalog code.
        List<String> evidence = answer.getList("qualifications[0].openBadge.evidence.name", String.class);
        assertThat(evidence).anySatisfy(e -> assertThat(e).contains("AIL-TK-101"));
        assertThat(answer.getList("qualifications[0].openBadge.evidence.id", String.class))
                .contains("urn:uuid:badge-award");
        // Not eligible, or not asked: no payload.
        assertThat(answer.getList("qualifications.findAll { it.status != 'ELIGIBLE' }.openBadge")).allMatch(
                java.util.Objects::isNull);
        given().contentType(ContentType.JSON).body(body).queryParam("nextSteps", "false")
                .post("/api/v1/evaluations").then().statusCode(200)
                .body("qualifications[0].openBadge", org.hamcrest.Matchers.nullValue());
        given().contentType(ContentType.JSON).body(body).queryParam("openBadges", "yes")
                .post("/api/v1/evaluations").then().statusCode(400)
                .body("violations[0].field", equalTo("openBadges"));
    }

    // --- allow-listed look-ups ---

    static String lookupBase() {
        String allowed = ConfigProvider.getConfig().getValue("pathways.credentials.lookup.allow", String.class);
        return allowed.substring(0, allowed.indexOf("/lists/"));
    }

    static Object statusBadge(String id, String listUrl, int index) {
        return json(CARDIFF.sign(Json.createObjectBuilder(cardiffBadge(id)).add("credentialStatus",
                Json.createObjectBuilder().add("id", listUrl + "#" + index).add("type", "BitstringStatusListEntry")
                        .add("statusPurpose", "revocation").add("statusListIndex", String.valueOf(index))
                        .add("statusListCredential", listUrl)).build()));
    }

    static double lookups(String outcome) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("pathways_credential_lookups_total{")
                        && l.contains("outcome=\"" + outcome + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void a_status_list_at_an_allowed_prefix_is_looked_up_once_and_kept() {
        String list = lookupBase() + "/lists/1";
        double fetched = lookups("fetched");
        double cached = lookups("cached");
        assertThat(only(evaluate("2026-12-01", statusBadge("urn:uuid:looked-3", list, 3))))
                .containsEntry("verification", "REVOKED");
        assertThat(only(evaluate("2026-12-01", statusBadge("urn:uuid:looked-4", list, 4))))
                .containsEntry("verification", "VERIFIED").containsEntry("outcome", "ADMITTED");
        assertThat(lookups("fetched")).isEqualTo(fetched + 1);
        assertThat(lookups("cached")).isGreaterThanOrEqualTo(cached + 1);

        Map<String, Object> elsewhere = only(evaluate("2026-12-01",
                statusBadge("urn:uuid:looked-5", lookupBase() + "/private/1", 4)));
        assertThat(elsewhere).containsEntry("verification", "UNVERIFIED");
        assertThat((String) elsewhere.get("verificationReason")).contains("not under an allowed look-up prefix");
    }

    @Test
    void a_status_list_host_that_does_not_answer_in_time_leaves_the_credential_unverified_with_the_reason() {
        Map<String, Object> slow = only(evaluate("2026-12-01",
                statusBadge("urn:uuid:slow-1", lookupBase() + "/slow/1", 4)));
        assertThat(slow).containsEntry("verification", "UNVERIFIED").containsEntry("outcome", "NOT_ADMITTED");
        assertThat((String) slow.get("verificationReason")).contains("took longer than 2000 ms");
    }
}
