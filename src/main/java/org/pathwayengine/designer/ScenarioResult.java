package org.pathwayengine.designer;

import java.util.List;

/**
 * The outcome of one scenario: where it is written, whether it passed, and if not each expectation that failed
 * (expected against actual) with the rules that fired.
 */
public record ScenarioResult(String file, int line, String name, List<String> failures, List<String> fired) {

    public boolean passed() {
        return failures.isEmpty();
    }
}
