package org.pathwayengine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The designers' command line, as a designer uses it: exit codes and what it prints.
 */
class CliTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void the_sample_rules_validate_and_their_scenarios_pass() {
        assertThat(Cli.run(new String[] {"validate", "rules"}, out)).isZero();
        assertThat(printed()).contains("rules: 0 errors, 0 warnings; version ");
        assertThat(Cli.run(new String[] {"test", "rules"}, out)).isZero();
        assertThat(printed()).contains("PASS pathways/ai-literacy.scenarios.yaml:").containsPattern("scenarios: \\d+ passed, 0 failed");
    }

    @Test
    void a_typo_is_one_error_at_its_line_and_exit_code_1() throws IOException {
        copySample();
        Path catalog = dir.resolve("catalog/ai-literacy.catalog.yaml");
        Files.writeString(catalog, Files.readString(catalog).replaceFirst("hours: 100", "hours: lots"));
        assertThat(Cli.run(new String[] {"validate", dir.toString()}, out)).isEqualTo(1);
        assertThat(printed()).containsPattern("catalog/ai-literacy\\.catalog\\.yaml:\\d+: error: microcredentials\\[0\\]"
                + "\\.hours: string found, integer expected").contains(": 1 error, ").doesNotContain("unknown credential");
    }

    @Test
    void a_failing_scenario_shows_expected_and_actual() throws IOException {
        copySample();
        Path scenarios = dir.resolve("policies/recency.scenarios.yaml");
        Files.writeString(scenarios, Files.readString(scenarios).replace("status: { AI-LIT-AWARD: IN_PROGRESS }",
                "status: { AI-LIT-AWARD: ELIGIBLE }"));
        assertThat(Cli.run(new String[] {"test", dir.toString()}, out)).isEqualTo(1);
        assertThat(printed())
                .contains("FAIL policies/recency.scenarios.yaml:4")
                .contains("status of AI-LIT-AWARD: expected ELIGIBLE but was IN_PROGRESS")
                .contains("rules that fired: [")
                .containsPattern("scenarios: \\d+ passed, 1 failed");
    }

    @Test
    void wrong_usage_says_how() {
        assertThat(Cli.run(new String[] {"frobnicate"}, out)).isEqualTo(2);
        assertThat(printed()).contains("usage: pathways validate");
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private void copySample() throws IOException {
        org.pathwayengine.TestRules.copySample(dir);
    }
}
