package org.pathwayengine.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayengine.TestRules;
import org.pathwayengine.evaluation.EvaluationResult.QualificationResult;
import org.pathwayengine.evaluation.EvaluationResult.RequirementResult;
import org.pathwayengine.ruleset.RulesetLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A nested qualification marked shareable lends its credentials to the rest of the qualification that contains
 * it (a Diploma whose level-5 credits may include those of the Certificate inside it); unmarked, a credential
 * counts once in the whole tree (issue 10, format gaps).
 */
class SharingTest {

    @TempDir
    Path dir;

    private static final String[] LEARNER = {"AIL-TK-101", "AIL-PU-110", "AIL-EA-140", "AIL-EA-250", "AIL-TK-210"};

    @Test
    void a_shareable_nested_certificate_lends_its_credentials_to_the_diplomas_credit_requirement() throws IOException {
        QualificationResult diploma = evaluate(load(true), LEARNER);
        RequirementResult society = find(diploma.requirement(), "society").orElseThrow();
        RequirementResult level5 = find(diploma.requirement(), "level-5").orElseThrow();
        // AIL-EA-250 (societal impact, 20 credits at level 5) counts in the Certificate and again in level-5.
        assertThat(society.credentials()).containsExactly("AIL-EA-250");
        assertThat(level5.met()).isTrue();
        assertThat(level5.credentials()).containsExactlyInAnyOrder("AIL-EA-250", "AIL-TK-210");
    }

    @Test
    void without_sharing_a_credential_counts_once_in_the_whole_diploma() throws IOException {
        RequirementResult diploma = evaluate(load(false), LEARNER).requirement();
        List<String> inSociety = find(diploma, "society").orElseThrow().credentials();
        assertThat(inSociety).doesNotContainAnyElementsOf(find(diploma, "level-5").orElseThrow().credentials());
        assertThat(inSociety.isEmpty() || !find(diploma, "level-5").orElseThrow().met())
                .as("the Certificate's society requirement and the Diploma's level-5 credits cannot both be met")
                .isTrue();
    }

    private RulesetLoader.Outcome load(boolean shareable) throws IOException {
        TestRules.copySample(dir);
        Path pathway = dir.resolve("pathways/ai-literacy.yaml");
        String text = Files.readString(pathway);
        String reference = """
                      allOf:
                        - qualification: AI-LIT-CERT
                """;
        assertThat(text).contains(reference);
        if (shareable) {
            Files.writeString(pathway, text.replace(reference, reference + "          shareable: true\n"));
        }
        RulesetLoader.Outcome loaded = new RulesetLoader(getClass().getClassLoader()).load(dir);
        assertThat(loaded.errors()).isEmpty();
        return loaded;
    }

    private static Optional<RequirementResult> find(RequirementResult node, String id) {
        if (node.id().equals(id) || node.id().endsWith("/" + id)) {
            return Optional.of(node);
        }
        if (node.children() == null) {
            return Optional.empty();
        }
        return node.children().stream().map(c -> find(c, id)).flatMap(Optional::stream).findFirst();
    }

    private static QualificationResult evaluate(RulesetLoader.Outcome loaded, String... codes) {
        List<HeldCredential> held = Arrays.stream(codes)
                .map(c -> new HeldCredential(c, LocalDate.parse("2026-01-10"), null, null, null, null)).toList();
        EvaluationResult answer = new Evaluator(Clock.systemUTC()).evaluate(loaded.ruleset(),
                new EvaluationRequest(null, LocalDate.parse("2026-11-01"), held));
        return answer.qualifications().stream().filter(q -> q.code().equals("AI-LIT-DIP")).findFirst()
                .orElseThrow();
    }
}
