package org.pathwayengine.designer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayengine.TestRules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service restarting on rules whose scenarios passed before, with the same build, the same day, serves them
 * without running the scenarios again; anything else (other files, another build, another day, a failing
 * scenario, a damaged or altered memory, a directory others may write to) runs them in full.
 */
class PassedScenariosTest {

    private static final Clock TODAY = Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path rules;

    @TempDir
    Path remembered;

    private PassedScenarios memory(String build, Clock clock) {
        PassedScenarios.Outcome outcome = PassedScenarios.in(remembered.resolve("passes"), Optional.of(build), clock);
        assertThat(outcome.notUsed()).isNull();
        return outcome.memory();
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> files = Files.list(remembered.resolve("passes"))) {
            return files.filter(f -> f.toString().endsWith(".json")).toList();
        }
    }

    @Test
    void a_pass_is_remembered_and_the_same_files_are_then_served_without_running_their_scenarios() throws IOException {
        TestRules.copySample(rules);
        PassedScenarios memory = memory("build-1", TODAY);

        RulesetCheck.Check first = RulesetCheck.check(rules, 2, memory);
        assertThat(first.verdict().passed()).isTrue();
        assertThat(first.remembered()).isFalse();
        assertThat(first.report().results()).isNotEmpty();
        assertThat(entries()).hasSize(1);

        RulesetCheck.Check again = RulesetCheck.check(rules, 2, memory("build-1", TODAY));
        assertThat(again.remembered()).isTrue();
        assertThat(again.report()).isNull();
        assertThat(again.verdict().passed()).isTrue();
        assertThat(again.verdict().version()).isEqualTo(first.verdict().version());
        assertThat(again.verdict().ruleset().version()).isEqualTo(first.verdict().version());
        assertThat(again.verdict().problems()).isEqualTo(first.verdict().problems());
        assertThat(Files.getPosixFilePermissions(remembered.resolve("passes")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void another_build_or_another_day_runs_the_scenarios_again() throws IOException {
        TestRules.copySample(rules);
        assertThat(RulesetCheck.check(rules, 2, memory("build-1", TODAY)).remembered()).isFalse();

        assertThat(RulesetCheck.check(rules, 2, memory("build-2", TODAY)).remembered()).isFalse();
        Clock tomorrow = Clock.offset(TODAY, java.time.Duration.ofDays(1));
        assertThat(RulesetCheck.check(rules, 2, memory("build-1", tomorrow)).remembered()).isFalse();
        assertThat(RulesetCheck.check(rules, 2, memory("build-1", TODAY)).remembered()).isTrue();
    }

    @Test
    void failing_scenarios_are_never_remembered_and_changed_files_are_checked_in_full() throws IOException {
        TestRules.copySample(rules);
        assertThat(RulesetCheck.check(rules, 2, memory("build-1", TODAY)).remembered()).isFalse();

        TestRules.edit(rules, "policies/recency.scenarios.yaml", "status: { AI-LIT-AWARD: IN_PROGRESS }",
                "status: { AI-LIT-AWARD: ELIGIBLE }");
        for (int i = 0; i < 2; i++) {
            RulesetCheck.Check broken = RulesetCheck.check(rules, 2, memory("build-1", TODAY));
            assertThat(broken.verdict().passed()).isFalse();
            assertThat(broken.remembered()).isFalse();
            assertThat(broken.verdict().failed()).hasSize(1);
        }
        assertThat(entries()).hasSize(1);

        TestRules.edit(rules, "policies/recency.scenarios.yaml", "status: { AI-LIT-AWARD: ELIGIBLE }",
                "status: { AI-LIT-AWARD: IN_PROGRESS }");
        assertThat(RulesetCheck.check(rules, 2, memory("build-1", TODAY)).remembered()).isTrue();
    }

    @Test
    void a_damaged_or_altered_entry_is_not_trusted() throws IOException {
        TestRules.copySample(rules);
        RulesetCheck.check(rules, 2, memory("build-1", TODAY));
        Path entry = entries().get(0);
        String stored = Files.readString(entry);

        Files.writeString(entry, "{\"version\":");
        assertThat(RulesetCheck.check(rules, 2, memory("build-1", TODAY)).remembered()).isFalse();
        assertThat(RulesetCheck.check(rules, 2, memory("build-1", TODAY)).remembered())
                .as("the full run remembered its pass again").isTrue();

        Files.writeString(entry, stored.replace("\"engine\":\"build-1\"", "\"engine\":\"build-0\""));
        assertThat(RulesetCheck.check(rules, 2, memory("build-1", TODAY)).remembered()).isFalse();
    }

    @Test
    void a_directory_others_may_write_to_or_a_build_without_an_archive_remembers_nothing() throws IOException {
        Path open = remembered.resolve("open");
        Files.createDirectory(open);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        PassedScenarios.Outcome refused = PassedScenarios.in(open, Optional.of("build-1"), TODAY);
        assertThat(refused.memory().active()).isFalse();
        assertThat(refused.notUsed()).contains("others may write to it");

        Path file = remembered.resolve("a-file");
        Files.writeString(file, "");
        assertThat(PassedScenarios.in(file, Optional.of("build-1"), TODAY).notUsed()).contains("is not a directory");

        // Tests run the engine from its build directory, as development does: no identity, nothing remembered.
        PassedScenarios.Outcome unbuilt = PassedScenarios.in(remembered.resolve("passes"));
        assertThat(unbuilt.memory().active()).isFalse();
        assertThat(unbuilt.notUsed()).contains("build directory");
    }
}
