package org.pathwayengine.ruleset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayengine.TestRules;
import org.pathwayengine.model.RuleInfo;
import org.pathwayengine.model.RuleProblem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a curriculum designer sees when a rule file is wrong: every error at once, each with file and line, and no
 * ruleset; and that the sample rules load with a stable version.
 */
class RulesetLoaderTest {

    private final RulesetLoader loader = new RulesetLoader(getClass().getClassLoader());

    @TempDir
    Path dir;

    @Test
    void the_sample_rules_load_and_the_same_files_give_the_same_version() throws IOException {
        RulesetLoader.Outcome first = loader.load(Path.of("rules"));
        assertThat(first.errors()).isEmpty();
        assertThat(first.ruleset().awards()).containsKeys("AI-LIT-AWARD", "AI-LIT-CERT", "AI-LIT-DIP", "DIGI-CERTHE");
        assertThat(first.ruleset().catalog().microcredentials()).hasSizeBetween(15, 60);
        assertThat(first.ruleset().rules()).extracting(RuleInfo::id).contains("POL-RECENCY-001", "POL-ASSESSED-001");

        copySample();
        assertThat(loader.load(dir).ruleset().version()).isEqualTo(first.ruleset().version());
        append("policies/recency.drl", "\n// a comment changes the content, so the version\n");
        assertThat(loader.load(dir).ruleset().version()).isNotEqualTo(first.ruleset().version());
    }

    @Test
    void the_version_is_known_without_compiling_and_also_names_rules_that_do_not_validate() throws IOException {
        copySample();
        String good = loader.load(dir).ruleset().version();
        assertThat(RulesetLoader.fingerprint(dir)).isEqualTo(good);
        write(".editor/backup.drl", "not read: hidden folders are skipped");
        assertThat(RulesetLoader.fingerprint(dir)).isEqualTo(good);

        write("policies/broken.drl", "rule \"unfinished\"\n");
        RulesetLoader.Outcome broken = loader.load(dir);
        assertThat(broken.ok()).isFalse();
        assertThat(broken.version()).isNotEqualTo(good).isEqualTo(RulesetLoader.fingerprint(dir));
        assertThat(RulesetLoader.fingerprint(dir.resolve("no-such-folder"))).isNull();
    }

    @Test
    void a_configmap_update_that_swaps_the_data_link_gives_a_new_version() throws IOException {
        Path first = configMapVersion("..2026_11_01_09_00_00.1", "");
        Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
        try (Stream<Path> files = Files.list(first)) {
            for (Path f : files.toList()) {
                Files.createSymbolicLink(dir.resolve(f.getFileName()), Path.of("..data").resolve(f.getFileName()));
            }
        }
        String before = RulesetLoader.fingerprint(dir);
        assertThat(loader.load(dir).ruleset().version()).isEqualTo(before);

        // What the kubelet does: write the new files beside the old, then rename a new link over ..data.
        Path second = configMapVersion("..2026_11_01_09_05_00.2", " (revised)");
        Files.createSymbolicLink(dir.resolve("..data_tmp"), second.getFileName());
        Files.move(dir.resolve("..data_tmp"), dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);

        RulesetLoader.Outcome after = loader.load(dir);
        assertThat(after.ruleset().version()).isNotEqualTo(before).isEqualTo(RulesetLoader.fingerprint(dir));
        assertThat(after.ruleset().catalog().qualifications().get("AI-LIT-AWARD").title())
                .isEqualTo("Award in AI Literacy (revised)");
    }

    /** The sample rules as a ConfigMap volume holds them: flat, each path's / written as --. */
    private Path configMapVersion(String name, String titleSuffix) throws IOException {
        Path version = Files.createDirectory(dir.resolve(name));
        Path sample = Path.of("rules");
        try (Stream<Path> walk = Files.walk(sample)) {
            for (Path p : walk.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".drl")).toList()) {
                String text = Files.readString(p).replace("title: Award in AI Literacy\n",
                        "title: Award in AI Literacy" + titleSuffix + "\n");
                Files.writeString(version.resolve(sample.relativize(p).toString().replace("/", "--")), text);
            }
        }
        return version;
    }

    @Test
    void a_directory_without_qualifications_says_whether_the_catalog_is_missing_or_has_none_yet() throws IOException {
        write("README.md", "empty for now\n");
        assertThat(loader.load(dir).errors()).extracting(RuleProblem::message)
                .containsExactly("no qualifications: no catalog file found; add a file with 'kind: Catalog' and a"
                        + " 'qualifications:' list");

        String catalog = Files.readString(Path.of("rules/catalog/ai-literacy.catalog.yaml"));
        write("catalog/start.catalog.yaml", catalog.substring(0, catalog.indexOf("\nqualifications:") + 1));
        assertThat(loader.load(dir).errors()).extracting(RuleProblem::toString)
                .containsExactly("catalog/start.catalog.yaml: error: no qualifications yet: the catalog lists"
                        + " credentials but no qualification; add one under 'qualifications:' (code, title, type,"
                        + " level)");
    }

    @Test
    void yaml_syntax_errors_name_the_line() throws IOException {
        copySample();
        write("pathways/broken.yaml", "kind: Pathway\nid: x\ntitle: [unclosed\n");
        assertThat(errors()).anyMatch(e -> e.startsWith("pathways/broken.yaml:") && e.contains("not valid YAML"));
    }

    @Test
    void schema_errors_name_the_field_and_line() throws IOException {
        copySample();
        replace("catalog/ai-literacy.catalog.yaml", "    hours: 100\n    eqfLevel: 5", "    hours: lots\n    eqfLevel: 5");
        int line = lineOf("catalog/ai-literacy.catalog.yaml", "hours: lots");
        assertThat(errors()).contains("catalog/ai-literacy.catalog.yaml:" + line
                + ": error: microcredentials[0].hours: string found, integer expected");
    }

    @Test
    void unknown_codes_duplicates_and_misplaced_keys_are_each_reported() throws IOException {
        copySample();
        replace("pathways/ai-literacy.yaml", "- credential: AIL-PU-120", "- credential: AIL-PU-999");
        replace("pathways/ai-literacy.yaml", "      count: 1\n      where: { areas: [ethical-awareness] }",
                "      count: 1\n      atMost: 5\n      where: { areas: [ethics] }");
        append("catalog/ai-literacy.catalog.yaml", """
                  - code: AI-LIT-AWARD
                    title: A second award with the same code
                    type: award
                """);
        List<String> errors = errors();
        assertThat(errors).anyMatch(e -> e.matches("pathways/ai-literacy\\.yaml:\\d+: error: unknown credential 'AIL-PU-999'"));
        assertThat(errors).anyMatch(e -> e.contains("unknown competency area 'ethics'"));
        assertThat(errors).anyMatch(e -> e.contains("'atMost' caps credits: it belongs to a credits requirement"));
        assertThat(errors).anyMatch(e -> e.matches("catalog/ai-literacy\\.catalog\\.yaml:\\d+: error: 'AI-LIT-AWARD' is already defined at catalog/ai-literacy\\.catalog\\.yaml:\\d+"));
    }

    @Test
    void qualifications_nesting_in_a_cycle_are_an_error() throws IOException {
        copySample();
        replace("pathways/ai-literacy.yaml", "        - credential: AIL-TK-101\n", "        - credential: AIL-TK-101\n        - qualification: AI-LIT-DIP\n");
        assertThat(errors()).anyMatch(e -> e.contains("qualifications nest in a cycle: AI-LIT-AWARD -> AI-LIT-DIP -> AI-LIT-CERT -> AI-LIT-AWARD")
                || e.contains("qualifications nest in a cycle"));
    }

    @Test
    void drl_errors_come_with_file_and_line_and_rules_need_ids() throws IOException {
        copySample();
        write("policies/broken.drl", """
                package policies;
                import org.pathwayengine.facts.*;

                rule "No id here"
                    @description("missing its id")
                when
                    $h : Held( level > 3 )
                then
                end

                rule "Typo in a field"
                    @id("POL-X-1")
                    @description("refers to a field that does not exist")
                when
                    $h : Held( levle > 3 )
                then
                end
                """);
        write("policies/broken.scenarios.yaml", "[]\n");
        List<String> errors = errors();
        assertThat(errors).anyMatch(e -> e.startsWith("policies/broken.drl:15:") || e.startsWith("policies/broken.drl:11:"));
    }

    @Test
    void a_rule_without_an_id_is_refused_with_its_line() throws IOException {
        copySample();
        write("policies/no-id.drl", """
                package policies;
                import org.pathwayengine.facts.*;

                rule "No id here"
                    @description("missing its id")
                when
                    $h : Held( level > 3 )
                then
                end
                """);
        assertThat(errors()).contains("policies/no-id.drl:4: error: rule \"No id here\" needs an @id(\"...\"): ids"
                + " name rules in answers, logs and scenarios");
    }

    @Test
    void prerequisite_cycles_and_unknown_prerequisites_are_errors_at_their_line() throws IOException {
        copySample();
        replace("catalog/ai-literacy.catalog.yaml", "  - code: AIL-TK-101\n    title: How AI systems work\n",
                "  - code: AIL-TK-101\n    title: How AI systems work\n    prerequisites: { allOf: [AIL-CAP-500] }\n"
                        + "    recommends: [NO-SUCH-CODE]\n");
        List<String> errors = errors();
        assertThat(errors).anyMatch(e -> e.matches("catalog/ai-literacy\\.catalog\\.yaml:\\d+: error: prerequisites form a"
                + " cycle: .*AIL-TK-101 requires AIL-CAP-500.*"));
        assertThat(errors).anyMatch(e -> e.contains("recommends[0]") || e.contains("unknown credential 'NO-SUCH-CODE'"));
    }

    @Test
    void credit_frameworks_conversions_and_recognition_tables_are_checked() throws IOException {
        copySample();
        replace("credit/frameworks.yaml", "    from: ECTS\n    to: CQFW", "    from: ECTS\n    to: RQF");
        replace("catalog/ai-literacy.catalog.yaml", "credit: { framework: US-SH, credits: 3, level: 5 }",
                "credit: { framework: USSH, credits: 3, level: 5 }");
        replace("credit/swansea-recognition.yaml", "minGrade: Pass }", "minGrade: Good }");
        write("credit/elsewhere-recognition.yaml", """
                kind: Recognition
                institution: nowhere-university
                rules:
                  - id: REC-X-1
                    credentials: [AIL-TK-101]
                    outcome: recognised
                """);
        List<String> errors = errors();
        assertThat(errors).anyMatch(e -> e.matches("credit/frameworks\\.yaml:\\d+: error: unknown credit framework 'RQF'"));
        assertThat(errors).anyMatch(e -> e.matches("catalog/ai-literacy\\.catalog\\.yaml:\\d+: error: unknown credit"
                + " framework 'USSH'.*"));
        assertThat(errors).anyMatch(e -> e.contains("grade 'Good' is not in this table's grades"));
        assertThat(errors).anyMatch(e -> e.startsWith("credit/elsewhere-recognition.yaml:2: error: unknown institution"));
        assertThat(errors).anyMatch(e -> e.startsWith("credit/elsewhere-recognition.yaml:")
                && e.contains("a recognised outcome needs 'credit'"));
    }

    @Test
    void award_credit_rules_are_checked() throws IOException {
        copySample();
        replace("pathways/digital-skills.yaml", "      minAtLevel: { level: 4, credits: 90 }",
                "      minAtLevel: { level: 4, credits: 190 }");
        replace("pathways/digital-skills.yaml", "      institution: swansea\n", "");
        List<String> errors = errors();
        assertThat(errors).anyMatch(e -> e.matches("pathways/digital-skills\\.yaml:\\d+: error: minAtLevel asks for 190 credits, more than minTotal 120"));
        assertThat(errors).anyMatch(e -> e.contains("an RPL cap needs the awarding 'institution'"));
    }

    @Test
    void named_groups_must_exist_be_defined_once_and_not_use_each_other_in_a_cycle() throws IOException {
        copySample();
        replace("pathways/digital-skills.yaml", "        - group: ethical-awareness\n",
                "        - group: ethics-track\n");
        replace("pathways/ai-literacy.yaml", "groups:\n", """
                groups:
                  - id: ethical-awareness
                    requires: { count: 2, where: { areas: [ethical-awareness] } }
                  - id: loop-a
                    requires: { allOf: [ { group: loop-b } ] }
                  - id: loop-b
                    requires: { allOf: [ { group: loop-a } ] }
                """);
        replace("pathways/ai-literacy.yaml", "        - credential: AIL-CAP-500\n",
                "        - credential: AIL-CAP-500\n        - group: loop-a\n");
        List<String> errors = errors();
        int second = lineOf("pathways/ai-literacy.yaml", "title: One credential in ethical awareness") - 1;
        assertThat(errors).contains("pathways/ai-literacy.yaml:" + second + ": error: group 'ethical-awareness' is"
                + " already defined at pathways/ai-literacy.yaml:" + lineOf("pathways/ai-literacy.yaml",
                "- id: ethical-awareness"));
        assertThat(errors).anyMatch(e -> e.matches("pathways/digital-skills\\.yaml:\\d+: error: unknown group"
                + " 'ethics-track': define it under 'groups' in a pathway file"));
        assertThat(errors).anyMatch(e -> e.contains("groups use each other in a cycle: loop-a -> loop-b -> loop-a"));
    }

    @Test
    void an_award_needs_requirements_or_credit_rules_and_credit_alone_does_not_nest() throws IOException {
        copySample();
        append("catalog/ai-literacy.catalog.yaml", """
                  - code: DIGI-EMPTY
                    title: An award nothing earns
                    type: award
                """);
        append("pathways/digital-skills.yaml", """
                  - qualification: DIGI-EMPTY
                """);
        replace("pathways/digital-skills.yaml", "        - group: ethical-awareness\n",
                "        - qualification: DIGI-UCERT\n        - group: ethical-awareness\n");
        List<String> errors = errors();
        assertThat(errors).contains("pathways/digital-skills.yaml:" + lineOf("pathways/digital-skills.yaml",
                "- qualification: DIGI-EMPTY") + ": error: qualification 'DIGI-EMPTY' needs 'requires' (a requirement"
                + " tree), 'credit' (award-level credit rules) or both");
        assertThat(errors).contains("pathways/digital-skills.yaml:" + lineOf("pathways/digital-skills.yaml",
                "        - qualification: DIGI-UCERT") + ": error: qualification 'DIGI-UCERT' has only award-level"
                + " credit rules, which do not nest: nest a qualification with a 'requires' tree, or write the credit"
                + " as a requirement here");
    }

    private List<String> errors() {
        RulesetLoader.Outcome outcome = loader.load(dir);
        assertThat(outcome.ok()).as("a broken rules directory gives no ruleset").isFalse();
        return outcome.errors().stream().map(RuleProblem::toString).toList();
    }

    @Test
    void a_link_that_leaves_the_directory_is_not_read_and_an_oversized_file_changes_the_version(@TempDir Path outside)
            throws IOException {
        copySample();
        String good = RulesetLoader.fingerprint(dir);
        Path secret = Files.writeString(outside.resolve("secret.yaml"), "kind: Catalog\n");
        Files.createSymbolicLink(dir.resolve("catalog/linked.yaml"), secret);

        RulesetLoader.Outcome linked = loader.load(dir);
        String expected = "catalog/linked.yaml: error: the file is a link to " + secret.toRealPath()
                + ", outside the rules directory";
        assertThat(linked.errors()).extracting(RuleProblem::toString).anyMatch(p -> p.startsWith(expected));
        assertThat(RulesetLoader.fingerprint(dir)).as("the watcher sees the new file").isNotEqualTo(good);

        Files.delete(dir.resolve("catalog/linked.yaml"));
        assertThat(RulesetLoader.fingerprint(dir)).isEqualTo(good);
        write("policies/huge.drl", "// " + "x".repeat((int) RulesetLoader.MAX_FILE_BYTES));
        assertThat(RulesetLoader.fingerprint(dir)).as("an oversized file is a change the watcher acts on")
                .isNotEqualTo(good);
        assertThat(loader.load(dir).errors()).extracting(RuleProblem::toString)
                .anyMatch(p -> p.startsWith("policies/huge.drl: error: the file is ")
                        && p.endsWith("bytes; rule files are limited to " + RulesetLoader.MAX_FILE_BYTES));
    }

    private void copySample() throws IOException {
        TestRules.copySample(dir);
    }

    private void write(String rel, String text) throws IOException {
        Files.createDirectories(dir.resolve(rel).getParent());
        Files.writeString(dir.resolve(rel), text);
    }

    private void append(String rel, String text) throws IOException {
        Files.writeString(dir.resolve(rel), Files.readString(dir.resolve(rel)) + text);
    }

    private void replace(String rel, String from, String to) throws IOException {
        String text = Files.readString(dir.resolve(rel));
        assertThat(text).contains(from);
        Files.writeString(dir.resolve(rel), text.replace(from, to));
    }

    private int lineOf(String rel, String needle) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve(rel));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not in " + rel);
    }
}
