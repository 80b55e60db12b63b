package org.pathwayengine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayengine.TestRules;
import org.pathwayengine.model.RuleProblem;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.RulesetLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * rules/README.md indexes every pathway file and policy rule id: this keeps the index current, failing when a
 * file or id is missing from it or it names one that does not exist.
 */
class RulesIndexTest {

    @TempDir
    Path dir;

    @Test
    void the_index_in_rules_readme_lists_every_pathway_and_rule_id_and_nothing_else() throws IOException {
        Path rules = Path.of("rules");
        assertThat(Files.readString(rules.resolve("README.md"))).contains(RulesIndex.PATHWAYS, RulesIndex.RULES);
        assertThat(RulesIndex.check(rules, load(rules)))
                .as("rules/README.md's index is out of date; fix the rows it names")
                .extracting(RuleProblem::toString).isEmpty();
    }

    @Test
    void a_row_for_a_file_or_id_that_does_not_exist_and_a_missing_row_are_each_reported_at_their_line()
            throws IOException {
        TestRules.copySample(dir);
        Path readme = dir.resolve("README.md");
        String text = Files.readString(readme);
        Files.writeString(readme, text
                .replace("| `POL-RECENCY-001` | `policies/recency.drl` |", "| `POL-RECENCY-009` | `policies/recency.drl` |")
                .replace("`AI-LIT-AWARD`, `AI-LIT-CERT`, `AI-LIT-DIP`", "`AI-LIT-AWARD`, `AI-LIT-CERT`"));
        List<String> lines = text.lines().toList();
        int rulesHeading = lines.indexOf(RulesIndex.RULES) + 1;
        int ruleRow = lineAfter(lines, RulesIndex.RULES, "| `POL-RECENCY-001`");
        int pathwayRow = lineAfter(lines, RulesIndex.PATHWAYS, "| `pathways/ai-literacy.yaml`");

        assertThat(RulesIndex.check(dir, load(dir))).extracting(RuleProblem::toString).containsExactlyInAnyOrder(
                "README.md:" + ruleRow + ": warning: the index lists the rule id POL-RECENCY-009, which no policy"
                        + " file defines: remove the row or fix the id",
                "README.md:" + rulesHeading + ": warning: the index does not list the rule id POL-RECENCY-001"
                        + " (policies/recency.drl:8): add a row under ### Rule ids",
                "README.md:" + pathwayRow + ": warning: the index gives pathways/ai-literacy.yaml the qualifications"
                        + " [AI-LIT-AWARD, AI-LIT-CERT] but it defines [AI-LIT-AWARD, AI-LIT-CERT, AI-LIT-DIP]");
    }

    /** The 1-based line of the first row starting with {@code prefix} below {@code heading}. */
    private static int lineAfter(List<String> lines, String heading, String prefix) {
        for (int i = lines.indexOf(heading); i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i + 1;
            }
        }
        throw new AssertionError(prefix + " is not below " + heading);
    }

    private static Ruleset load(Path dir) {
        RulesetLoader.Outcome outcome = new RulesetLoader(RulesIndexTest.class.getClassLoader()).load(dir);
        assertThat(outcome.errors()).isEmpty();
        return outcome.ruleset();
    }
}
