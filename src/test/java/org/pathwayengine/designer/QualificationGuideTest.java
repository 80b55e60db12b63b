package org.pathwayengine.designer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayengine.TestRules;
import org.pathwayengine.evaluation.EvaluationRequest;
import org.pathwayengine.evaluation.EvaluationResult;
import org.pathwayengine.evaluation.Evaluator;
import org.pathwayengine.evaluation.HeldCredential;
import org.pathwayengine.facts.Requirement;
import org.pathwayengine.model.Award;
import org.pathwayengine.model.RequirementTree;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.RulesetLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code explain} says Drools runs must be what the evaluator really inserts, and the tree as data must
 * carry every form a pathway can use.
 */
class QualificationGuideTest {

    @TempDir
    Path dir;

    @Test
    void the_requirement_facts_explained_are_exactly_those_the_evaluator_inserts() throws IOException {
        // A probe policy turns every Requirement fact the evaluator inserts into an exclusion whose reason
        // describes the fact, so the answer shows them. AIL-TK-101 is in every tree, so all three are evaluated.
        TestRules.copySample(dir);
        Files.writeString(dir.resolve("policies/probe.drl"), """
                package policies;
                import org.pathwayengine.facts.*;
                rule "probe"
                    @id("POL-PROBE") @description("Shows each requirement fact.")
                when
                    $r : Requirement( )
                    $h : Held( code == "AIL-TK-101" )
                then
                    insert(Excluded.fromRequirement(kcontext, $h, $r, $r.getQualification() + "|" + $r.getId() + "|"
                            + $r.getKind() + "|" + $r.getCredential() + "|" + $r.getLeafIndex()));
                end
                """);
        Ruleset ruleset = new RulesetLoader(getClass().getClassLoader()).load(dir).ruleset();
        EvaluationResult answer = new Evaluator(Clock.systemUTC()).evaluate(ruleset, new EvaluationRequest(null,
                LocalDate.parse("2026-11-01"), List.of(new HeldCredential("AIL-TK-101", LocalDate.parse("2026-01-01"),
                null, null, null, null), new HeldCredential("AIL-EA-140", LocalDate.parse("2026-01-01"),
                null, null, null, null), new HeldCredential("IOC-DATA-BOOTCAMP", LocalDate.parse("2026-01-01"),
                null, null, null, "Merit"))));
        Set<String> inserted = new TreeSet<>();
        answer.excluded().stream().filter(e -> e.ruleId().equals("POL-PROBE")).forEach(e -> inserted.add(e.reason()));

        Set<String> explained = new TreeSet<>();
        for (Award award : ruleset.awards().values()) {
            QualificationGuide.facts(award).stream().filter(f -> f instanceof Requirement)
                    .map(f -> (Requirement) f)
                    .forEach(r -> explained.add(r.getQualification() + "|" + r.getId() + "|" + r.getKind() + "|"
                            + r.getCredential() + "|" + r.getLeafIndex()));
        }
        assertThat(inserted).as("Award 4 leaves, Certificate 7, Diploma 10, CertHE 2 and its 2 credit rules,"
                        + " University Certificate its 2 credit rules, Technical Award 1, its Distinction 1")
                .hasSize(29).isEqualTo(explained);
    }

    @Test
    void the_tree_as_data_names_each_form_with_its_numbers_and_filter() {
        Ruleset ruleset = new RulesetLoader(getClass().getClassLoader()).load(Path.of("rules")).ruleset();
        QualificationGuide.Explanation dip = new QualificationGuide(ruleset).explain("AI-LIT-DIP").orElseThrow();
        QualificationGuide.RequirementNode root = dip.requirement();
        assertThat(root.kind()).isEqualTo("allOf");
        assertThat(root.required()).isEqualTo(4);
        QualificationGuide.RequirementNode cert = root.children().get(0);
        assertThat(cert.kind()).isEqualTo("qualification");
        assertThat(cert.qualification()).isEqualTo("AI-LIT-CERT");
        assertThat(cert.children().get(0).children().get(0).qualification()).isEqualTo("AI-LIT-AWARD");
        QualificationGuide.RequirementNode level5 = root.children().get(1);
        assertThat(level5.kind()).isEqualTo("credits");
        assertThat(level5.credits()).isEqualTo(40.0);
        assertThat(level5.where().minLevel()).isEqualTo(5);
        assertThat(level5.text()).isEqualTo("at least 40 credits at level 5 or above");
        assertThat(root.children().get(2).where().issuers()).containsExactly("ibm", "microsoft", "aws");
        assertThat(new QualificationGuide(ruleset).explain("NO-SUCH")).isEmpty();
    }

    @Test
    void entry_requirements_are_explained_in_words_and_only_where_there_are_some() {
        Ruleset ruleset = new RulesetLoader(getClass().getClassLoader()).load(Path.of("rules")).ruleset();
        QualificationGuide.Explanation certhe = new QualificationGuide(ruleset).explain("DIGI-CERTHE").orElseThrow();
        assertThat(certhe.entryRequirements()).containsExactly("1 of {AIL-TK-101, MS-AI-900}");
        assertThat(certhe.text()).contains("Before it can be awarded (entry requirements, checked after the"
                + " requirements):\n  - 1 of {AIL-TK-101, MS-AI-900}\n");
        QualificationGuide.Explanation award = new QualificationGuide(ruleset).explain("AI-LIT-AWARD").orElseThrow();
        assertThat(award.entryRequirements()).isNull();
        assertThat(award.text()).doesNotContain("Before it can be awarded");
    }
}
