package org.pathwayengine.service;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.pathwayengine.designer.PassedScenarios;
import org.pathwayengine.designer.RulesetCheck;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.problem.ProblemException;
import org.pathwayengine.problem.ProblemType;
import org.pathwayengine.ruleset.RulesetLoader;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the ruleset being served. It is replaced whole and atomically, so every evaluation runs on exactly one
 * version. At startup a rules directory that does not validate, or whose scenarios fail, stops the service with
 * every error and failing scenario listed.
 */
@ApplicationScoped
@Startup
public class RulesetHolder {

    private static final Logger LOG = Logger.getLogger(RulesetHolder.class);

    private final AtomicReference<Ruleset> current = new AtomicReference<>();
    private final PassedScenarios passed;

    @Inject
    public RulesetHolder(RulesetConfig config) {
        StartupStop.install();
        passed = passedScenarios(config);
        Ruleset ruleset;
        try {
            ruleset = checked(config.dir(), passed);
        } catch (RuntimeException | Error e) {
            StartupStop.failed();
            throw e;
        }
        current.set(ruleset);
        LOG.infof("Serving ruleset %s from %s: %d qualifications, %d credentials, %d rules",
                ruleset.version(), config.dir().toAbsolutePath(), ruleset.awards().size(),
                ruleset.catalog().microcredentials().size(), ruleset.rules().size());
    }

    /** Serving the rules in {@code dir}, with passes remembered in {@code passed}: for tests of the reloader. */
    RulesetHolder(Path dir, PassedScenarios passed) {
        this.passed = passed;
        current.set(checked(dir, passed));
    }

    /** Where passes of scenarios are remembered, for a reload to files that passed before (a rollback, say). */
    PassedScenarios passedScenarios() {
        return passed;
    }

    private static PassedScenarios passedScenarios(RulesetConfig config) {
        if (config.passedScenarios().isEmpty()) {
            return PassedScenarios.NONE;
        }
        PassedScenarios.Outcome memory = PassedScenarios.in(config.passedScenarios().get());
        if (memory.notUsed() != null) {
            LOG.infof("Scenarios run at every start: passes are not remembered (%s)", memory.notUsed());
        }
        return memory.memory();
    }

    /** The ruleset to serve at startup: it must pass the same check as a reload, or the service does not start. */
    static Ruleset checked(Path dir) {
        return checked(dir, PassedScenarios.NONE);
    }

    static Ruleset checked(Path dir, PassedScenarios passed) {
        RulesetCheck.Check check = RulesetCheck.check(dir, Runtime.getRuntime().availableProcessors(), passed);
        RulesetCheck.Verdict verdict = check.verdict();
        if (check.remembered()) {
            LOG.infof("The scenarios of ruleset %s passed earlier today on this build of the service; not run again",
                    verdict.version());
        }
        verdict.warnings().forEach(p -> LOG.warn(p.toString()));
        if (!verdict.passed()) {
            throw new IllegalStateException("The rules in " + dir.toAbsolutePath() + " cannot be served ("
                    + RulesetCheck.count(verdict.errors(), verdict.failed()) + "):"
                    + RulesetCheck.lines(verdict.errors(), verdict.failed()));
        }
        return verdict.ruleset();
    }

    /** The ruleset to use for one evaluation; take it once and keep it for the whole evaluation. */
    public Ruleset current() {
        return current.get();
    }

    /** The ruleset to use, or a 503 problem when none is loaded yet. */
    public Ruleset require() {
        Ruleset r = current.get();
        if (r == null) {
            throw new ProblemException(ProblemType.NO_RULESET, "no valid ruleset is loaded yet");
        }
        return r;
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
                previous == null ? "none" : previous.version(), next.awards().size(),
                next.catalog().microcredentials().size(), next.rules().size());
    }

    /** A loader that compiles with the application's classloader, whichever thread it runs on. */
    public static RulesetLoader loader() {
        return new RulesetLoader(RulesetHolder.class.getClassLoader());
    }
}
