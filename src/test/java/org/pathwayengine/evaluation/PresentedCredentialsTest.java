package org.pathwayengine.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayengine.TestRules;
import org.pathwayengine.credentials.TestIssuer;
import org.pathwayengine.model.RuleProblem;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.RulesetLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a verifiable credential brings into the facts, seen by a policy and by the credit count, and what the rules
 * loader says of a careless CredentialIntake file: the engine and the loader themselves, on a scratch copy of the
 * sample rules.
 */
class PresentedCredentialsTest {

    static final TestIssuer CARDIFF = TestIssuer.https("https://badges.cardiffmet.test/issuer", "presented-test");
    static final String ACHIEVEMENT = "https://badges.cardiffmet.test/achievements/how-ai-works";
    static final LocalDate AS_OF = LocalDate.of(2026, 12, 1);

    @TempDir
    Path dir;

    /** The policy rules/README.md shows, word for word. */
    static final String EVIDENCE_POLICY = """
            package policies;
            import org.pathwayengine.facts.*;

            rule "Badges count towards credit only with evidence from practice"
                @id("POL-EVIDENCE-001")
                @description("A credential given as an Open Badge without evidence of genre Practice does not count towards credit requirements.")
            when
                $h : Held( presented, hasEvidence("Practice") == false )
                $r : Requirement( kind == "credits" )
            then
                insert(Excluded.fromRequirement(kcontext, $h, $r, "no evidence from practice"));
            end
            """;

    private void intake(boolean trustedForCredit) throws IOException {
        Files.writeString(dir.resolve("credentials/open-badges.yaml"), """
                kind: CredentialIntake
                issuers:
                  - id: %s
                    catalogIssuer: cardiff-met
                    trustedForCredit: %s
                    keys:
                      - { id: "%s", publicKeyMultibase: %s }
                mappings:
                  - { achievement: "%s", issuer: "%s", code: AIL-TK-101 }
                """.formatted(CARDIFF.id(), trustedForCredit, CARDIFF.verificationMethod(),
                CARDIFF.publicKeyMultibase(), ACHIEVEMENT, CARDIFF.id()));
    }

    private Ruleset load() {
        RulesetLoader.Outcome outcome = new RulesetLoader(getClass().getClassLoader()).load(dir);
        assertThat(outcome.errors()).isEmpty();
        return outcome.ruleset();
    }

    private static JsonObject badge(String genre) {
        JsonObject badge = CARDIFF.badge("urn:uuid:" + genre, ACHIEVEMENT, "How AI systems work",
                "2026-01-15T10:00:00Z");
        return CARDIFF.sign(genre == null ? badge : Json.createObjectBuilder(badge).add("evidence",
                Json.createArrayBuilder().add(Json.createObjectBuilder().add("type", Json.createArrayBuilder()
                        .add("Evidence")).add("name", "Portfolio").add("genre", genre))).build());
    }

    private static EvaluationResult evaluate(Ruleset ruleset, JsonObject credential) throws IOException {
        HeldCredential held = HeldCredential.presented(new ObjectMapper().readTree(credential.toString()));
        return new Evaluator(Clock.systemUTC()).evaluate(ruleset, new EvaluationRequest("l-1", AS_OF,
                List.of(held)), false);
    }

    @Test
    void a_policy_reads_a_badges_evidence_and_its_credit_counts_only_from_a_trusted_issuer() throws IOException {
        TestRules.copySample(dir);
        Files.writeString(dir.resolve("policies/evidence.drl"), EVIDENCE_POLICY);
        intake(true);
        Ruleset ruleset = load();

        EvaluationResult withPractice = evaluate(ruleset, badge("Practice"));
        assertThat(withPractice.credentials()).singleElement().satisfies(c -> {
            assertThat(c.outcome()).isEqualTo("ADMITTED");
            assertThat(c.code()).isEqualTo("AIL-TK-101");
        });
        assertThat(withPractice.excluded()).noneMatch(e -> e.ruleId().equals("POL-EVIDENCE-001"));
        assertThat(withPractice.credit().totals()).singleElement()
                .satisfies(t -> assertThat(t.credits()).isEqualTo(10.0));

        EvaluationResult research = evaluate(ruleset, badge("Research"));
        assertThat(research.excluded()).anySatisfy(e -> {
            assertThat(e.ruleId()).isEqualTo("POL-EVIDENCE-001");
            assertThat(e.code()).isEqualTo("AIL-TK-101");
            assertThat(e.held()).isZero();
        });
        assertThat(research.firedRules()).contains("POL-EVIDENCE-001");

        intake(false);
        EvaluationResult untrusted = evaluate(load(), badge("Practice"));
        assertThat(untrusted.credit().totals()).isEmpty();
        assertThat(untrusted.credentials().get(0).reason()).contains("without credit");
    }

    @Test
    void a_careless_intake_file_is_refused_at_the_line_at_fault() throws IOException {
        TestRules.copySample(dir);
        Files.writeString(dir.resolve("credentials/open-badges.yaml"), """
                kind: CredentialIntake
                issuers:
                  - id: https://a.test/issuer
                    catalogIssuer: nowhere-u
                    keys:
                      - { id: "https://a.test/issuer#k", publicKeyMultibase: z6MkNOTAKEY }
                      - id: lms
                        publicKeyJwk: { kty: RSA, n: "sXch", e: AQAB, d: "secret" }
                mappings:
                  - { achievement: "https://a.test/a", alignment: "https://a.test/b", code: AIL-TK-101 }
                  - { humanCode: X-1, code: AIL-TK-101 }
                  - { achievement: "https://a.test/c", code: NO-SUCH-CODE }
                  - { achievement: "https://a.test/d", code: AIL-TK-101 }
                  - { achievement: "https://a.test/d", code: AIL-TK-210 }
                """);
        List<RuleProblem> errors = new RulesetLoader(getClass().getClassLoader()).load(dir).errors();
        assertThat(errors).allSatisfy(e -> assertThat(e.file()).isEqualTo("credentials/open-badges.yaml"));
        assertThat(errors).anySatisfy(e -> {
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.message()).contains("unknown catalog issuer 'nowhere-u'");
        });
        assertThat(errors).anySatisfy(e -> assertThat(e.message()).contains("private key"));
        assertThat(errors).anySatisfy(e -> assertThat(e.message()).contains("publicKeyMultibase"));
        assertThat(errors).anySatisfy(e -> assertThat(e.message()).contains("give one of achievement, alignment"));
        assertThat(errors).anySatisfy(e -> assertThat(e.message()).contains("humanCode is only unique"));
        assertThat(errors).anySatisfy(e -> assertThat(e.message()).contains("unknown credential 'NO-SUCH-CODE'"));
        assertThat(errors).anySatisfy(e -> {
            assertThat(e.line()).isEqualTo(14);
            assertThat(e.message()).contains("already maps onto AIL-TK-101");
        });
    }
    @Test
    void an_intake_that_trusts_a_published_test_key_or_maps_what_no_listed_issuer_awards_loads_with_warnings()
            throws IOException {
        TestRules.copySample(dir);
        Files.writeString(dir.resolve("credentials/open-badges.yaml"), """
                kind: CredentialIntake
                issuers:
                  - id: https://example.com/issuers/876543
                    keys:
                      - id: https://example.com/issuers/876543#key
                        publicKeyMultibase: z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi
                mappings:
                  - { achievement: "https://a.test/a", code: AIL-TK-101 }
                """);
        RulesetLoader.Outcome outcome = new RulesetLoader(getClass().getClassLoader()).load(dir);
        assertThat(outcome.errors()).isEmpty();
        List<RuleProblem> warnings = outcome.ruleset().warnings().stream()
                .filter(w -> w.file().equals("credentials/open-badges.yaml")).toList();
        assertThat(warnings).anySatisfy(w -> {
            assertThat(w.line()).isEqualTo(6);
            assertThat(w.message()).contains("private key is published");
        });
        assertThat(warnings).anySatisfy(w -> {
            assertThat(w.line()).isEqualTo(8);
            assertThat(w.message()).contains("catalogIssuer is cardiff-met", "never match");
        });
    }
}
