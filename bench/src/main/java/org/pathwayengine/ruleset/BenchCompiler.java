package org.pathwayengine.ruleset;

import org.kie.api.KieBase;

import java.util.List;
import java.util.Map;

/** Gives the benchmark the service's own DRL compiler (package-private), so both variants compile alike. */
public final class BenchCompiler {

    private BenchCompiler() {
    }

    /** Compiles DRL sources by path; throws with the compiler's errors if any. */
    public static KieBase compile(Map<String, String> sources, ClassLoader loader) {
        DrlCompiler.Result result = DrlCompiler.compile(sources, loader);
        List<RuleProblem> errors = result.problems().stream()
                .filter(p -> p.severity() == RuleProblem.Severity.ERROR).toList();
        if (result.kieBase() == null || !errors.isEmpty()) {
            throw new IllegalStateException("DRL did not compile: " + errors);
        }
        return result.kieBase();
    }
}
