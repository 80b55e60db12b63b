package org.pathwayengine.service;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;
import org.pathwayengine.evaluation.EvaluationRequest;
import org.pathwayengine.evaluation.EvaluationResult;
import org.pathwayengine.evaluation.Evaluator;
import org.pathwayengine.model.RuleProblem;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.problem.ProblemException;
import org.pathwayengine.problem.ProblemType;
import org.pathwayengine.ruleset.RulesetLoader;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * The impact of the rules directory as it now is on every stored learner, before it is served: each learner's record
 * evaluated (without next steps, as of today) on the served ruleset and on the changed one, streamed through the
 * database a page at a time, so that memory holds only the counts: per qualification, how many learners the
 * change would make eligible and how many it would make lose eligibility, with the first of them by id. Runs in the
 * background; the caller polls. Previews live in this instance's memory (the latest few).
 */
@ApplicationScoped
public class StoredImpact {

    private static final Logger LOG = Logger.getLogger(StoredImpact.class);
    /** Learners read from the database at a time. */
    private static final int PAGE = 500;
    /** Learners named per qualification and direction. */
    private static final int NAMED = 20;
    /** Previews this instance keeps. */
    private static final int KEPT = 20;

    private final RulesetHolder holder;
    private final RulesetConfig config;
    private final RulesetReloader reloader;
    private final LearnerRecords records;
    private final Map<UUID, Preview> previews = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Preview> eldest) {
            return size() > KEPT;
        }
    };
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "stored-impact");
        thread.setDaemon(true);
        thread.setContextClassLoader(StoredImpact.class.getClassLoader());
        return thread;
    });

    public StoredImpact(RulesetHolder holder, RulesetConfig config, RulesetReloader reloader,
                        LearnerRecords records) {
        this.holder = holder;
        this.config = config;
        this.reloader = reloader;
        this.records = records;
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    /** A preview as it stands. */
    @Schema(name = "StoredImpact", description = "The rules directory's effect on every stored learner.")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Status(
            UUID id,
            @Schema(description = "RUNNING, DONE, or FAILED (see message).")
            String state,
            Instant requestedAt,
            @Schema(description = "The version being served.")
            String servedVersion,
            @Schema(description = "The version of the rules directory as it now is; equal to servedVersion when"
                    + " nothing changed.")
            String candidateVersion,
            @Schema(description = "Stored learners to evaluate.")
            int total,
            @Schema(description = "Learners evaluated on both so far (the learners of a preview started while"
                    + " another ran are those of that one: one runs at a time).")
            int done,
            @Schema(description = "Of those, learners the rules could not decide on one side (not counted in the"
                    + " moves).")
            int failed,
            @Schema(description = "Per qualification, learners the change would make eligible.")
            List<RecheckJobs.Move> becameEligible,
            @Schema(description = "Per qualification, learners who are eligible now and would not be.")
            List<RecheckJobs.Move> lostEligibility,
            @Schema(description = "Why it failed, when it did.")
            String message) {
    }

    /** One preview's state, updated by the worker and read by pollers. */
    private static final class Preview {
        final UUID id = UUID.randomUUID();
        final Instant requestedAt = Instant.now();
        volatile String state = "RUNNING";
        volatile String served;
        volatile String candidate;
        volatile int total;
        volatile int done;
        volatile int failed;
        volatile String message;
        final Map<String, List<String>> became = new TreeMap<>();
        final Map<String, Integer> becameCount = new TreeMap<>();
        final Map<String, List<String>> lost = new TreeMap<>();
        final Map<String, Integer> lostCount = new TreeMap<>();


        synchronized void move(boolean becameEligible, String qualification, String learner) {
            (becameEligible ? becameCount : lostCount).merge(qualification, 1, Integer::sum);
            List<String> first = (becameEligible ? became : lost).computeIfAbsent(qualification,
                    k -> new ArrayList<>());
            if (first.size() < NAMED) {
                first.add(learner);
            }
        }

        /** @param named whether the caller may read learner records: only then are learners named */
        synchronized Status status(boolean named) {
            return new Status(id, state, requestedAt, served, candidate, total, done, failed,
                    moves(became, becameCount, named), moves(lost, lostCount, named), message);
        }

        /** A deleted learner is named no more. */
        synchronized void forget(String learner) {
            became.values().forEach(list -> list.remove(learner));
            lost.values().forEach(list -> list.remove(learner));
        }

        private List<RecheckJobs.Move> moves(Map<String, List<String>> first, Map<String, Integer> counts,
                                             boolean named) {
            List<RecheckJobs.Move> out = new ArrayList<>();
            counts.forEach((code, n) -> out.add(new RecheckJobs.Move(code, n, named ? List.copyOf(first.get(code)) : null)));
            return out;
        }
    }

    /**
     * Starts a preview over every stored learner, or answers the one under way: one runs at a time, as each reads
     * every learner and may compile the changed rules.
     *
     * @param named whether the caller may read learner records: only then are learners named
     */
    public Status start(boolean named) {
        records.count(); // refuses at once (503) when the database cannot serve the learners
        synchronized (previews) {
            for (Preview p : previews.values()) {
                if (p.state.equals("RUNNING")) {
                    return p.status(named);
                }
            }
            Preview preview = new Preview();
            previews.put(preview.id, preview);
            try {
                worker.execute(() -> run(preview));
            } catch (RejectedExecutionException e) {
                preview.state = "FAILED";
                preview.message = "the service is stopping";
            }
            return preview.status(named);
        }
    }

    /** A preview this instance made, if it still keeps it, as the caller may see it. */
    public Optional<Status> find(UUID id, boolean named) {
        synchronized (previews) {
            return Optional.ofNullable(previews.get(id)).map(p -> p.status(named));
        }
    }

    /** A learner record was deleted: no preview names it any more. */
    void forget(@jakarta.enterprise.event.Observes LearnerRecords.Deleted deleted) {
        synchronized (previews) {
            previews.values().forEach(p -> p.forget(deleted.id()));
        }
    }

    private void run(Preview preview) {
        try {
            Ruleset served = holder.require();
            preview.served = served.version();
            // Compiled on the reload thread, so that no two KieBases are built at once.
            Ruleset candidate = reloader.onWorker(() -> {
                if (served.version().equals(RulesetLoader.fingerprint(config.dir()))) {
                    return served;
                }
                RulesetLoader.Outcome loaded = RulesetHolder.loader().load(config.dir());
                if (!loaded.ok()) {
                    List<RuleProblem> errors = loaded.errors();
                    throw new ProblemException(ProblemType.UNPROCESSABLE, "the rules directory does not load ("
                            + errors.size() + " error" + (errors.size() == 1 ? "" : "s") + ", the first "
                            + errors.get(0) + "), so it has no effect to show; run ./pathways validate");
                }
                return loaded.ruleset();
            });
            preview.candidate = candidate.version();
            preview.total = (int) records.count();
            Evaluator evaluator = new Evaluator(Clock.systemUTC());
            LocalDate today = LocalDate.now(Clock.systemUTC());
            String after = null;
            while (!Thread.currentThread().isInterrupted()) {
                List<LearnerRecords.Learner> page = records.page(after, PAGE);
                for (LearnerRecords.Learner learner : page) {
                    EvaluationRequest request = new EvaluationRequest(learner.id(), today, learner.held(),
                            List.of(), records.standing(learner.id()));
                    try {
                        compare(preview, learner.id(), evaluator.evaluate(served, request, false),
                                served == candidate ? null : evaluator.evaluate(candidate, request, false));
                    } catch (RuntimeException | StackOverflowError e) {
                        preview.failed++; // the rules could not decide this learner on one side: the rest go on
                    }
                    preview.done++;
                }
                if (page.size() < PAGE) {
                    break;
                }
                after = page.get(page.size() - 1).id();
            }
            preview.state = "DONE";
        } catch (ProblemException e) {
            preview.state = "FAILED";
            preview.message = e.getMessage();
        } catch (RuntimeException | StackOverflowError e) {
            LOG.warnf("Impact preview %s failed: %s", preview.id, e.getClass().getName());
            preview.state = "FAILED";
            preview.message = "the preview could not be completed: " + e.getClass().getSimpleName();
        }
    }

    private static void compare(Preview preview, String learner, EvaluationResult now, EvaluationResult then) {
        if (then == null) {
            return;
        }
        Map<String, String> before = statuses(now);
        Map<String, String> after = statuses(then);
        List<String> codes = new ArrayList<>(before.keySet());
        after.keySet().stream().filter(k -> !before.containsKey(k)).forEach(codes::add);
        for (String code : codes) {
            boolean was = "ELIGIBLE".equals(before.get(code));
            boolean will = "ELIGIBLE".equals(after.get(code));
            if (was != will) {
                preview.move(will, code, learner);
            }
        }
    }

    private static Map<String, String> statuses(EvaluationResult result) {
        Map<String, String> out = new LinkedHashMap<>();
        result.qualifications().forEach(q -> out.put(q.code(), q.status().name()));
        return out;
    }
}
