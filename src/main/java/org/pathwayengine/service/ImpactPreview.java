package org.pathwayengine.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.pathwayengine.designer.Impact;
import org.pathwayengine.model.RuleProblem;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.problem.Problem;
import org.pathwayengine.problem.ProblemException;
import org.pathwayengine.problem.ProblemType;
import org.pathwayengine.ruleset.RulesetLoader;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * For operators: what the rules directory as it now is would change if it were served, tried on the scenarios'
 * learners and on the most recently recorded real ones, before anyone reloads it.
 */
@ApplicationScoped
public class ImpactPreview {

    /** Most recorded evaluations one preview may replay. */
    public static final int MAX_RECORDED = 500;

    private final RulesetHolder holder;
    private final RulesetConfig config;
    private final RulesetReloader reloader;
    private final Recorder recorder;

    public ImpactPreview(RulesetHolder holder, RulesetConfig config, RulesetReloader reloader, Recorder recorder) {
        this.holder = holder;
        this.config = config;
        this.reloader = reloader;
        this.recorder = recorder;
    }

    /**
     * @param recorded   how many recent recorded evaluations to replay
     * @param recordIds  whether the caller may read recorded evaluations: only then are they named by id, which
     *                   fetches the learner's record
     */
    public Impact.Report preview(int recorded, boolean recordIds) {
        if (recorded < 0 || recorded > MAX_RECORDED) {
            throw ProblemException.invalid("recorded", "must be a whole number from 0 to " + MAX_RECORDED);
        }
        // Read on the request's own thread, where the database session lives; the compile runs on the reload thread.
        List<Recorder.Recorded> recent = recorder.recent(recorded);
        return reloader.onWorker(() -> {
            Ruleset served = holder.require();
            // The files being served need no compile to compare: the same version gives the same answers.
            RulesetLoader.Outcome candidate = served.version().equals(RulesetLoader.fingerprint(config.dir()))
                    ? new RulesetLoader.Outcome(served, served.version(), List.of())
                    : RulesetHolder.loader().load(config.dir());
            if (!candidate.ok()) {
                List<Problem.Violation> errors = new ArrayList<>();
                for (RuleProblem e : candidate.errors()) {
                    errors.add(new Problem.Violation(e.file() + ":" + e.line(), e.message()));
                }
                throw new ProblemException(ProblemType.UNPROCESSABLE, "the rules directory does not load ("
                        + errors.size() + " error" + (errors.size() == 1 ? "" : "s") + "), so it has no effect to"
                        + " show; see violations, or run ./pathways validate", errors);
            }
            List<Impact.Learner> learners = new ArrayList<>(Impact.scenarioLearners(served, candidate.ruleset()));
            List<String> sources = new ArrayList<>(List.of(learners.size() + " from scenarios"));
            for (Recorder.Recorded r : recent) {
                learners.add(new Impact.Learner((recordIds ? "evaluation " + r.id() : "a recorded evaluation") + " of "
                        + r.evaluatedAt(), r.request()));
            }
            sources.add(!recorder.configured() ? "none recorded: no database is configured"
                    : recent.size() + " from the most recent recorded evaluations");
            return Impact.compare(served, candidate.ruleset(), sources, learners, Clock.systemUTC());
        });
    }
}
