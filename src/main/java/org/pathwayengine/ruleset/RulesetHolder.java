package org.pathwayengine.ruleset;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Holds the ruleset being served. It is replaced whole and atomically, so every evaluation runs on exactly one
 * version. At startup a rules directory that does not validate stops the service with every error listed.
 */
@ApplicationScoped
@Startup
public class RulesetHolder {

    private static final Logger LOG = Logger.getLogger(RulesetHolder.class);

    private final AtomicReference<Ruleset> current = new AtomicReference<>();
    private final RulesetConfig config;

    public RulesetHolder(RulesetConfig config) {
        this.config = config;
        RulesetLoader.Outcome outcome = loader().load(config.dir());
        outcome.problems().stream().filter(p -> p.severity() == RuleProblem.Severity.WARNING)
                .forEach(p -> LOG.warn(p.toString()));
        if (!outcome.ok()) {
            String errors = outcome.errors().stream().map(RuleProblem::toString)
                    .collect(Collectors.joining("\n  ", "\n  ", ""));
            throw new IllegalStateException("The rules in " + config.dir().toAbsolutePath() + " do not validate ("
                    + outcome.errors().size() + " errors):" + errors);
        }
        current.set(outcome.ruleset());
        LOG.infof("Serving ruleset %s from %s: %d qualifications, %d credentials, %d rules",
                outcome.ruleset().version(), config.dir().toAbsolutePath(), outcome.ruleset().plans().size(),
                outcome.ruleset().catalog().microcredentials().size(), outcome.ruleset().rules().size());
    }

    /** The ruleset to use for one evaluation; take it once and keep it for the whole evaluation. */
    public Ruleset current() {
        return current.get();
    }

    public Optional<Ruleset> loaded() {
        return Optional.ofNullable(current.get());
    }

    /**
     * Serves {@code next} from now on. Evaluations that already took the previous snapshot finish on it; only the
     * reloader calls this, after the candidate has compiled and passed its own scenarios.
     */
    void serve(Ruleset next) {
        Ruleset previous = current.getAndSet(next);
        LOG.infof("Serving ruleset %s (was %s): %d qualifications, %d credentials, %d rules", next.version(),
                previous == null ? "none" : previous.version(), next.plans().size(),
                next.catalog().microcredentials().size(), next.rules().size());
    }

    /** A loader that compiles with the application's classloader, whichever thread it runs on. */
    public static RulesetLoader loader() {
        return new RulesetLoader(RulesetHolder.class.getClassLoader());
    }
}
