package org.pathwayengine.service;

import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.pathwayengine.TestRules;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A test that edits the rules directory of the service under test (a scratch copy, see {@link ReloadFixtures}),
 * which holds the sample rules again at the start of each test.
 */
abstract class ScratchRulesTest {

    @Inject
    RulesetConfig config;

    /** The rules directory the service reads. */
    Path dir;

    @BeforeEach
    void sampleRules() throws IOException {
        dir = config.dir();
        TestRules.restoreSample(dir);
    }
}
