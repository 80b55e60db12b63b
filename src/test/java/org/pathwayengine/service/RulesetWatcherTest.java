package org.pathwayengine.service;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pathwayengine.ruleset.RulesetLoader;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pathwayengine.service.RulesetReloadResourceTest.current;
import static org.pathwayengine.service.RulesetReloadResourceTest.evaluate;

/**
 * The running service notices a change in its rules directory by itself: a valid change is served without a
 * restart, a broken one is shown as the last attempt and never served.
 */
@QuarkusTest
// Access control is AccessControlTest's subject; here every request runs as an admin.
@TestSecurity(user = "test-admin", roles = "admin")
@TestProfile(ReloadFixtures.Watching.class)
class RulesetWatcherTest extends ScratchRulesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @BeforeEach
    void servingTheSampleRules() {
        String sample = RulesetLoader.fingerprint(dir);
        awaitCurrent(c -> c.getString("version").equals(sample));
    }

    @Test
    void a_valid_change_is_served_without_a_restart() throws IOException {
        String before = current().getString("version");
        ReloadFixtures.retitle(dir, " (watched)");
        String changed = RulesetLoader.fingerprint(dir);

        JsonPath current = awaitCurrent(c -> c.getString("version").equals(changed));
        assertThat(current.getString("lastReload.trigger")).isEqualTo("WATCHER");
        assertThat(current.getString("lastReload.outcome")).isEqualTo("SWAPPED");
        assertThat(current.getString("lastReload.message")).isEqualTo("now serving " + changed + " (was " + before + ")");
        JsonPath evaluation = evaluate();
        assertThat(evaluation.getString("rulesetVersion")).isEqualTo(changed);
        assertThat(evaluation.getString("qualifications.find { it.code == 'AI-LIT-AWARD' }.title"))
                .isEqualTo(ReloadFixtures.AWARD_TITLE + " (watched)");
    }

    @Test
    void a_broken_change_is_reported_with_file_and_line_and_never_served() throws IOException {
        String good = current().getString("version");
        ReloadFixtures.breakDrl(dir);
        String broken = RulesetLoader.fingerprint(dir);

        JsonPath current = awaitCurrent(c -> broken.equals(c.getString("lastReload.candidateVersion")));
        assertThat(current.getString("lastReload.trigger")).isEqualTo("WATCHER");
        assertThat(current.getString("lastReload.outcome")).isEqualTo("REJECTED");
        assertThat(current.getString("lastReload.errors[0].file")).isEqualTo("policies/recency.drl");
        assertThat(current.getInt("lastReload.errors[0].line")).isEqualTo(ReloadFixtures.BROKEN_DRL_LINE);
        assertThat(current.getString("version")).isEqualTo(good);
        assertThat(evaluate().getString("rulesetVersion")).isEqualTo(good);
    }

    private static JsonPath awaitCurrent(Predicate<JsonPath> condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonPath current = current();
        while (!condition.test(current)) {
            assertThat(System.nanoTime()).as("the watcher acts within " + PATIENCE + "; last seen: "
                    + current.prettify()).isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            current = current();
        }
        return current;
    }
}
