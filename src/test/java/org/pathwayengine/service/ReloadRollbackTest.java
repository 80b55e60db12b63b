package org.pathwayengine.service;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pathwayengine.TestRules;
import org.pathwayengine.designer.PassedScenarios;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reload to files whose scenarios passed earlier that day on this build (a registrar rolling a change back) serves
 * them without running the scenarios again; files never seen run them, and a failing run is never remembered.
 */
class ReloadRollbackTest {

    @TempDir
    Path rules;

    @TempDir
    Path remembered;

    private RulesetReloader reloader;

    @AfterEach
    void stop() {
        if (reloader != null) {
            reloader.stop();
        }
    }

    @Test
    void rolling_back_to_files_that_passed_today_does_not_run_their_scenarios_again() throws Exception {
        TestRules.copySample(rules);
        PassedScenarios memory = PassedScenarios.in(remembered.resolve("passes"), Optional.of("build-1"),
                Clock.systemUTC()).memory();
        RulesetHolder holder = new RulesetHolder(rules, memory);
        reloader = new RulesetReloader(holder, config(rules), new SimpleMeterRegistry());
        String sample = holder.current().version();
        assertThat(entries()).hasSize(1);

        Path catalog = rules.resolve("catalog/ai-literacy.catalog.yaml");
        Files.writeString(catalog, "# a change\n", StandardOpenOption.APPEND);
        ReloadAttempt changed = reloader.reload().attempt().get(2, TimeUnit.MINUTES);
        assertThat(changed.outcome()).isEqualTo(ReloadAttempt.Outcome.SWAPPED);
        assertThat(changed.message()).doesNotContain("not run again");
        assertThat(holder.current().version()).isNotEqualTo(sample);
        assertThat(entries()).hasSize(2);

        TestRules.restoreSample(rules);
        ReloadAttempt back = reloader.reload().attempt().get(2, TimeUnit.MINUTES);
        assertThat(back.outcome()).isEqualTo(ReloadAttempt.Outcome.SWAPPED);
        assertThat(back.message()).contains("now serving " + sample).contains("were not run again");
        assertThat(holder.current().version()).isEqualTo(sample);

        // Files whose scenarios fail are rejected, and stay rejected: a failure is never remembered as a pass.
        ReloadFixtures.breakScenario(rules);
        ReloadAttempt broken = reloader.reload().attempt().get(2, TimeUnit.MINUTES);
        assertThat(broken.outcome()).isEqualTo(ReloadAttempt.Outcome.REJECTED);
        assertThat(holder.current().version()).isEqualTo(sample);
        assertThat(entries()).hasSize(2);
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> files = Files.list(remembered.resolve("passes"))) {
            return files.filter(f -> f.toString().endsWith(".json")).toList();
        }
    }

    private static RulesetConfig config(Path dir) {
        return new RulesetConfig() {
            @Override
            public Path dir() {
                return dir;
            }

            @Override
            public Optional<Path> passedScenarios() {
                return Optional.empty();
            }

            @Override
            public Watch watch() {
                return new Watch() {
                    @Override
                    public boolean enabled() {
                        return false;
                    }

                    @Override
                    public Duration interval() {
                        return Duration.ofSeconds(2);
                    }

                    @Override
                    public Duration debounce() {
                        return Duration.ofSeconds(1);
                    }
                };
            }

            @Override
            public Reload reload() {
                return () -> Duration.ofSeconds(20);
            }
        };
    }
}
