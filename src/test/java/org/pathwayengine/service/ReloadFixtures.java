package org.pathwayengine.service;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import org.pathwayengine.TestRules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service reading a scratch copy of the sample rules, and the edits the reload tests make to it: valid ones that
 * give a new version, and broken ones that must never be served.
 */
public final class ReloadFixtures {

    /** The line of policies/recency.drl that {@link #breakDrl} breaks. */
    static final int BROKEN_DRL_LINE = 12;
    static final String AWARD_TITLE = "Award in AI Literacy";

    private ReloadFixtures() {
    }

    /** Reloads only when asked, so each test knows which attempt it is looking at. */
    public static class Manual implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pathways.rules.watch.enabled", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RulesCopy.class));
        }
    }

    /** Watches the scratch rules closely, so that a test sees a change picked up within a second or two. */
    public static class Watching implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pathways.rules.watch.enabled", "true",
                    "pathways.rules.watch.interval", "100ms",
                    "pathways.rules.watch.debounce", "300ms");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RulesCopy.class));
        }
    }

    /** Copies the sample rules to a scratch directory for the service to read, and removes it afterwards. */
    public static class RulesCopy implements QuarkusTestResourceLifecycleManager {
        private Path dir;

        @Override
        public Map<String, String> start() {
            dir = TestRules.scratchCopy("pathways-rules-");
            return Map.of("pathways.rules.dir", dir.toString());
        }

        @Override
        public void stop() {
            TestRules.remove(dir);
        }
    }

    /** A valid change that an answer shows: the award's title gets a suffix. */
    static void retitle(Path dir, String suffix) throws IOException {
        TestRules.restoreSample(dir);
        replace(dir, "catalog/ai-literacy.catalog.yaml", "title: " + AWARD_TITLE + "\n",
                "title: " + AWARD_TITLE + suffix + "\n");
    }

    /** A DRL syntax error on {@link #BROKEN_DRL_LINE} of policies/recency.drl. */
    static void breakDrl(Path dir) throws IOException {
        replace(dir, "policies/recency.drl", "$h : Held( monthsSinceAwarded > 36 )",
                "$h : Held( monthsSinceAwarded > > 36 )");
    }

    /** Valid rules whose scenario now expects the wrong outcome. */
    static void breakScenario(Path dir) throws IOException {
        replace(dir, "policies/recency.scenarios.yaml", "status: { AI-LIT-AWARD: IN_PROGRESS }",
                "status: { AI-LIT-AWARD: ELIGIBLE }");
    }

    static void replace(Path dir, String rel, String from, String to) throws IOException {
        Path file = dir.resolve(rel);
        String text = Files.readString(file);
        assertThat(text).as(rel).contains(from);
        Files.writeString(file, text.replace(from, to));
    }
}
