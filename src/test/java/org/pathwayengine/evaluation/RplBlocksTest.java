package org.pathwayengine.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayengine.TestRules;
import org.pathwayengine.evaluation.EvaluationResult.LeftOut;
import org.pathwayengine.evaluation.EvaluationResult.QualificationResult;
import org.pathwayengine.ruleset.RulesetLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A prior-learning credential larger than what is left of the award's cap counts up to the cap by default
 * (rplBlocks: partial), or not at all when the award says whole; the answer shows what counted and what did not
 * (issue 10, defect 6). Before, it counted for nothing.
 */
class RplBlocksTest {

    @TempDir
    Path dir;

    @Test
    void by_default_a_block_that_does_not_fit_counts_up_to_the_cap() throws IOException {
        QualificationResult award = evaluate();

        assertThat(award.status()).isEqualTo(Status.ELIGIBLE);
        assertThat(award.rplLeftOut()).singleElement().satisfies(l -> {
            assertThat(l.code()).isEqualTo("IOC-SWDEV-BOOTCAMP");
            assertThat(l.credits()).isEqualTo(10);
            assertThat(l.counted()).isEqualTo(10);
            assertThat(l.reason()).isEqualTo("over the cap of 50 credits from prior learning: 10 of its 20 credits"
                    + " counted, to reach the cap");
        });
    }

    @Test
    void an_award_that_takes_whole_blocks_leaves_it_out_and_says_so() throws IOException {
        TestRules.copySample(dir);
        TestRules.addFixture(dir, "rpl-partial");
        Path pathway = dir.resolve("pathways/rpl-partial.yaml");
        Files.writeString(pathway, Files.readString(pathway).replace("rplCap: 50\n", "rplCap: 50\n      rplBlocks: whole\n"));

        QualificationResult award = evaluate();

        assertThat(award.status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(award.rplLeftOut()).extracting(LeftOut::code, LeftOut::credits, LeftOut::counted)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("IOC-SWDEV-BOOTCAMP", 20.0, null));
        assertThat(award.rplLeftOut().get(0).reason()).isEqualTo("over the cap of 50 credits from prior learning"
                + " (40 already counted from 2 credentials)");
    }

    private QualificationResult evaluate() throws IOException {
        if (!Files.exists(dir.resolve("pathways/rpl-partial.yaml"))) {
            TestRules.copySample(dir);
            TestRules.addFixture(dir, "rpl-partial");
        }
        RulesetLoader.Outcome loaded = new RulesetLoader(getClass().getClassLoader()).load(dir);
        assertThat(loaded.errors()).isEmpty();
        EvaluationResult answer = new Evaluator(Clock.systemUTC()).evaluate(loaded.ruleset(), new EvaluationRequest(
                null, LocalDate.parse("2026-11-01"), List.of(
                held("IOC-ML-BOOTCAMP", "Pass"), held("IOC-CLOUD-BOOTCAMP", "Merit"),
                held("IOC-SWDEV-BOOTCAMP", "Pass"),
                new HeldCredential("AIL-EA-140", LocalDate.parse("2025-09-01"), null, null, null, null),
                new HeldCredential("AIL-TK-220", LocalDate.parse("2025-09-01"), null, null, null, null))));
        return answer.qualifications().stream().filter(q -> q.code().equals("DIGI-AWARD")).findFirst().orElseThrow();
    }

    private static HeldCredential held(String code, String grade) {
        return new HeldCredential(code, LocalDate.parse("2023-06-30"), null, null, null, grade);
    }
}
