package org.pathwayengine.evaluation;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayengine.TestRules;
import org.pathwayengine.evaluation.EvaluationResult.QualificationResult;
import org.pathwayengine.evaluation.EvaluationResult.RequirementResult;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.RulesetLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which qualifications an answer considers (issue 11): a held credential must fit a requirement that names a
 * subject (a credential, areas, issuers); an amount and a level alone ("10 further credits at level 4 or above")
 * accept a whole catalog and would make every qualification everyone's. Once considered, every requirement counts.
 */
class RelevanceTest {

    private static final LocalDate AS_OF = LocalDate.parse("2026-11-01");

    @TempDir
    static Path sample;

    private static Ruleset rules;

    @BeforeAll
    static void load() throws IOException {
        TestRules.copySample(sample);
        RulesetLoader.Outcome loaded = new RulesetLoader(RelevanceTest.class.getClassLoader()).load(sample);
        assertThat(loaded.errors()).isEmpty();
        rules = loaded.ruleset();
    }

    @Test
    void an_amount_and_a_level_alone_do_not_make_a_qualification_relevant() {
        // A Swansea module at level 5 fits the Certificate's "10 further credits at level 4 or above" and the
        // Diploma's "40 credits at level 5", but nothing in AI literacy names its subject or its issuer.
        assertThat(considered(evaluate(rules, "AIL-TK-210"))).containsExactly("DIGI-CERTHE", "DIGI-UCERT");
    }

    @Test
    void once_a_subject_makes_it_relevant_the_amounts_count_too() {
        EvaluationResult answer = evaluate(rules, "AIL-TK-101", "AIL-TK-210");

        assertThat(considered(answer)).contains("AI-LIT-AWARD", "AI-LIT-CERT");
        RequirementResult breadth = requirement(answer, "AI-LIT-CERT", "breadth");
        assertThat(breadth.credentials()).containsExactly("AIL-TK-210");
        assertThat(breadth.met()).isTrue();
    }

    @Test
    void credit_of_an_institution_counts_when_it_awards_or_recognises_it() {
        // The University Certificate counts credit Swansea awards or recognises: Microsoft's certificate is in
        // Swansea's recognition table (for a registrar to review); a Highlands and Islands module is not.
        assertThat(considered(evaluate(rules, "MS-AI-900"))).contains("DIGI-UCERT");
        EvaluationResult scottish = evaluate(rules, "UHI-AI-INTRO");
        assertThat(considered(scottish)).isEmpty();
        assertThat(scottish.unused()).containsExactly("UHI-AI-INTRO");
    }

    @Test
    void a_qualification_of_amounts_alone_is_relevant_to_what_fits_them(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("catalog"));
        Files.createDirectories(dir.resolve("pathways"));
        Files.writeString(dir.resolve("catalog/c.catalog.yaml"), """
                kind: Catalog
                areas:
                  - { code: a, title: area a }
                issuers:
                  - { id: uni, name: A University, country: GB-WLS, type: university }
                qualifications:
                  - { code: Q-ANY, title: Any two at level 4, type: award }
                microcredentials:
                  - { code: M3, title: Level 3, issuer: uni, areas: [a], hours: 50, assessment: exam, qualityAssurance: university-validated, credit: { framework: CQFW, credits: 5, level: 3 } }
                  - { code: M4, title: Level 4, issuer: uni, areas: [a], hours: 50, assessment: exam, qualityAssurance: university-validated, credit: { framework: CQFW, credits: 5, level: 4 } }
                  - { code: M5, title: Level 5, issuer: uni, areas: [a], hours: 60, assessment: exam, qualityAssurance: university-validated, credit: { framework: CQFW, credits: 5, level: 5 } }
                """);
        Files.writeString(dir.resolve("pathways/p.yaml"), """
                kind: Pathway
                id: p
                title: Amounts alone
                awards:
                  - qualification: Q-ANY
                    requires: { id: any, title: Two credentials at level 4 or above, count: 2, where: { minLevel: 4 } }
                """);
        RulesetLoader.Outcome loaded = new RulesetLoader(getClass().getClassLoader()).load(dir);
        assertThat(loaded.errors()).isEmpty();

        assertThat(considered(evaluate(loaded.ruleset(), "M3"))).isEmpty();
        EvaluationResult answer = evaluate(loaded.ruleset(), "M4");
        assertThat(considered(answer)).containsExactly("Q-ANY");
        assertThat(answer.nextSteps()).singleElement()
                .satisfies(n -> assertThat(n.steps()).extracting(EvaluationResult.Step::code).containsExactly("M5"));
    }

    private static EvaluationResult evaluate(Ruleset ruleset, String... codes) {
        List<HeldCredential> held = Arrays.stream(codes)
                .map(c -> new HeldCredential(c, AS_OF.minusMonths(6), null, null, null, null)).toList();
        return new Evaluator(Clock.systemUTC()).evaluate(ruleset, new EvaluationRequest(null, AS_OF, held));
    }

    private static List<String> considered(EvaluationResult answer) {
        return answer.qualifications().stream().map(QualificationResult::code).sorted().toList();
    }

    private static RequirementResult requirement(EvaluationResult answer, String qualification, String id) {
        return answer.qualifications().stream().filter(q -> q.code().equals(qualification))
                .map(QualificationResult::requirement).flatMap(RelevanceTest::flatten)
                .filter(r -> id.equals(r.id())).findFirst().orElseThrow();
    }

    private static Stream<RequirementResult> flatten(RequirementResult r) {
        return Stream.concat(Stream.of(r), r.children() == null ? Stream.empty()
                : r.children().stream().flatMap(RelevanceTest::flatten));
    }
}
