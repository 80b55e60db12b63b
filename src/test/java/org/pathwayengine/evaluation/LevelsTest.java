package org.pathwayengine.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayengine.TestRules;
import org.pathwayengine.evaluation.EvaluationResult.QualificationResult;
import org.pathwayengine.evaluation.EvaluationResult.RequirementResult;
import org.pathwayengine.model.RuleProblem;
import org.pathwayengine.ruleset.RulesetLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Levels belong to a framework (issue 10, format gaps): a requirement's level is read in its framework's scheme, a
 * credential's level in another scheme is compared at its corresponding level through the level map, and a level
 * its scheme does not have (CQFW 11, say) is an error where it is written.
 */
class LevelsTest {

    @TempDir
    Path dir;

    @Test
    void a_count_requirement_reads_levels_in_its_framework_not_as_written() throws IOException {
        TestRules.copySample(dir);
        // The Certificate (CQFW) asks for one credential in critical thinking at level 5 or above; the Scottish
        // modules say SCQF 8 (CQFW 5) and SCQF 7 (CQFW 4). Compared as written, SCQF 7 would pass.
        TestRules.edit(dir, "pathways/ai-literacy.yaml", "          where: { areas: [critical-thinking] }",
                "          where: { minLevel: 5 }");
        RulesetLoader.Outcome loaded = loaded();

        assertThat(met(loaded, "UHI-AI-INTRO")).as("SCQF 7 is CQFW 4").isFalse();
        assertThat(critical(loaded, "UHI-AI-GOV").credentials()).containsExactly("UHI-AI-GOV");
    }

    @Test
    void a_count_requirement_may_name_the_framework_its_levels_are_read_in() throws IOException {
        TestRules.copySample(dir);
        TestRules.edit(dir, "pathways/ai-literacy.yaml", "          where: { areas: [critical-thinking] }",
                "          framework: SCQF\n          where: { areas: [critical-thinking, technical-knowledge], minLevel: 8 }");
        RulesetLoader.Outcome loaded = loaded();

        // AIL-TK-210 is CQFW level 5, which is SCQF 8; UHI-AI-INTRO is SCQF 7 (both in technical knowledge).
        assertThat(critical(loaded, "AIL-TK-210").credentials()).containsExactly("AIL-TK-210");
        assertThat(met(loaded, "UHI-AI-INTRO")).isFalse();
    }

    @Test
    void a_level_its_scheme_does_not_have_is_an_error_at_its_line() throws IOException {
        TestRules.copySample(dir);
        TestRules.edit(dir, "catalog/ai-literacy.catalog.yaml", "credit: { framework: SCQF, credits: 10, level: 7 }",
                "credit: { framework: CQFW, credits: 10, level: 11 }");
        TestRules.edit(dir, "pathways/ai-literacy.yaml", "          where: { areas: [critical-thinking] }",
                "          where: { minLevel: 10 }");
        TestRules.edit(dir, "pathways/digital-skills.yaml", "minAtLevel: { level: 4, credits: 40 }",
                "minAtLevel: { level: 9, credits: 40 }");

        List<String> errors = new RulesetLoader(getClass().getClassLoader()).load(dir).errors().stream()
                .map(RuleProblem::toString).toList();

        Path catalog = dir.resolve("catalog/ai-literacy.catalog.yaml");
        assertThat(errors).contains("catalog/ai-literacy.catalog.yaml:" + TestRules.lineOf(catalog, "level: 11 }")
                + ": error: level 11 is not a CQFW level (Entry (0) to 8), the levels of CQFW");
        assertThat(errors).contains("pathways/ai-literacy.yaml:" + TestRules.lineOf(dir.resolve("pathways/ai-literacy.yaml"),
                "minLevel: 10") + ": error: minLevel 10 is not a CQFW level (Entry (0) to 8), the levels of the"
                + " qualification's framework CQFW this requirement reads");
        assertThat(errors).contains("pathways/digital-skills.yaml:" + TestRules.lineOf(dir.resolve("pathways/digital-skills.yaml"),
                "level: 9,") + ": error: level 9 is not a CQFW level (Entry (0) to 8), the levels of CQFW");
    }

    /** The Certificate's "critical" requirement for a learner holding only this credential; null when untouched. */
    private RequirementResult critical(RulesetLoader.Outcome loaded, String code) {
        List<HeldCredential> held = Arrays.asList(new HeldCredential(code, LocalDate.parse("2026-03-01"), null, null,
                null, null));
        EvaluationResult answer = new Evaluator(Clock.systemUTC()).evaluate(loaded.ruleset(), new EvaluationRequest(
                null, LocalDate.parse("2026-11-01"), held));
        return answer.qualifications().stream().filter(q -> q.code().equals("AI-LIT-CERT"))
                .map(QualificationResult::requirement).flatMap(r -> r.children().stream())
                .filter(r -> r.id().equals("critical")).findFirst().orElse(null);
    }

    private boolean met(RulesetLoader.Outcome loaded, String code) {
        RequirementResult r = critical(loaded, code);
        return r != null && r.met();
    }

    private RulesetLoader.Outcome loaded() {
        RulesetLoader.Outcome loaded = new RulesetLoader(getClass().getClassLoader()).load(dir);
        assertThat(loaded.errors()).isEmpty();
        return loaded;
    }
}
