package org.pathwayengine.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Evaluates learner records that changed after their statuses were last set: a write whose own evaluation failed
 * (no ruleset yet, the database gone between the two), or a record never evaluated. Its change of eligibility is
 * then found, recorded and announced a little late rather than at some later evaluation or never. A record the
 * rules cannot decide is tried again only after {@code retry-failed}, so it does not hold up the others.
 */
@ApplicationScoped
public class StatusCatchUp {

    private static final Logger LOG = Logger.getLogger(StatusCatchUp.class);
    private static final int BATCH = 100;

    private final Database database;
    private final EvaluationService evaluations;
    private final boolean enabled;
    private final Duration interval;
    private final Duration after;
    private final Duration retryFailed;
    /** Learners whose evaluation failed here, until when not to try them again. */
    private final Map<String, Instant> failed = new ConcurrentHashMap<>();
    private final ScheduledExecutorService worker = Workers.single("status-catch-up");

    public StatusCatchUp(Database database, EvaluationService evaluations,
                         @ConfigProperty(name = "pathways.catch-up.enabled", defaultValue = "true") boolean enabled,
                         @ConfigProperty(name = "pathways.catch-up.interval", defaultValue = "30s") Duration interval,
                         @ConfigProperty(name = "pathways.catch-up.after", defaultValue = "30s") Duration after,
                         @ConfigProperty(name = "pathways.catch-up.retry-failed", defaultValue = "1h")
                         Duration retryFailed) {
        this.database = database;
        this.evaluations = evaluations;
        this.enabled = enabled;
        this.interval = interval;
        this.after = after;
        this.retryFailed = retryFailed;
    }

    void start(@Observes StartupEvent event) {
        if (enabled && database.configured()) {
            worker.scheduleWithFixedDelay(() -> {
                try {
                    run();
                } catch (RuntimeException e) {
                    LOG.warnf("Catching up learner statuses failed: %s", e.getClass().getName());
                }
            }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A deleted learner's id is not kept here either. */
    void forget(@Observes LearnerRecords.Deleted deleted) {
        failed.remove(deleted.id());
    }

    void stop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
    }

    /** Evaluates up to a batch of records changed more than {@code after} ago since their statuses were set. */
    public int run() {
        if (!database.ready() || !evaluations.canEvaluate()) {
            return 0;
        }
        Instant now = Instant.now();
        failed.values().removeIf(until -> until.isBefore(now));
        List<String> stale = QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<String> ids = LearnerRow.getEntityManager().createNativeQuery("SELECT id FROM learner WHERE"
                            + " (statuses_at IS NULL OR statuses_at < updated_at) AND updated_at < :cutoff"
                            + " ORDER BY updated_at LIMIT :n")
                    .setParameter("cutoff", now.minus(after)).setParameter("n", BATCH + failed.size())
                    .getResultList();
            return ids;
        });
        int evaluated = 0;
        for (String id : stale) {
            if (evaluated >= BATCH || failed.containsKey(id)) {
                continue;
            }
            if (evaluations.reevaluate(id)) {
                evaluated++;
            } else {
                failed.put(id, now.plus(retryFailed));
            }
        }
        return evaluated;
    }
}
