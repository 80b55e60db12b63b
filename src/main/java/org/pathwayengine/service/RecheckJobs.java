package org.pathwayengine.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;
import org.pathwayengine.evaluation.EvaluationResult;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.problem.ProblemException;
import org.pathwayengine.problem.ProblemType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Re-checks every stored learner when a ruleset goes live (a reload or a restart): one job per version, created by
 * whichever service instance serves it first; its learners are claimed in chunks through PostgreSQL
 * ({@code FOR UPDATE SKIP LOCKED}), so several instances share the work with no coordinator of their own, and a
 * chunk an instance claimed but did not finish (it stopped) is claimed again after a while. Each learner's record
 * is evaluated without next steps and recorded in its history; who became eligible, and who stopped being, is
 * the job's result.
 */
@ApplicationScoped
public class RecheckJobs {

    private static final Logger LOG = Logger.getLogger(RecheckJobs.class);
    /** Learners listed by name per qualification in a job's result; the count says how many in all. */
    static final int NAMED = 20;

    private final Database database;
    private final MeterRegistry meters;
    private final RulesetHolder holder;
    private final LearnerRecords records;
    private final EvaluationService evaluations;
    private final boolean enabled;
    private final Duration interval;
    private final int chunk;
    private final Duration claimTimeout;
    /** While true, this instance claims nothing (its jobs wait for other instances, or for it to resume). */
    private volatile boolean paused;
    /** This instance, as it signs its claims. */
    private final String instance = "instance-" + UUID.randomUUID().toString().substring(0, 8);
    private final ScheduledExecutorService worker = Workers.single("recheck");

    public RecheckJobs(Database database, MeterRegistry meters, RulesetHolder holder,
                       LearnerRecords records, EvaluationService evaluations,
                       @ConfigProperty(name = "pathways.recheck.enabled", defaultValue = "true") boolean enabled,
                       @ConfigProperty(name = "pathways.recheck.interval", defaultValue = "2s") Duration interval,
                       @ConfigProperty(name = "pathways.recheck.chunk", defaultValue = "100") int chunk,
                       @ConfigProperty(name = "pathways.recheck.claim-timeout", defaultValue = "2m")
                       Duration claimTimeout) {
        this.database = database;
        this.meters = meters;
        this.holder = holder;
        this.records = records;
        this.evaluations = evaluations;
        this.enabled = enabled;
        this.interval = interval;
        this.chunk = Math.max(1, chunk);
        this.claimTimeout = claimTimeout;
    }

    void start(@Observes StartupEvent event) {
        if (enabled && database.configured()) {
            long every = Math.max(50, interval.toMillis());
            worker.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
    }

    /**
     * Stops (or resumes) this instance's share of the work; jobs stay claimable by other instances. Pausing waits
     * for the chunk under way to finish.
     */
    void pause(boolean pause) {
        paused = pause;
        if (pause) {
            try {
                worker.submit(() -> { }).get(1, TimeUnit.MINUTES);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("the re-check round under way did not finish", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // stopping: nothing runs any more
            }
        }
    }

    /** One round: make sure the served version has its job, then work through chunks of it while there are any. */
    private void tick() {
        try {
            if (paused || !database.ready()) {
                return;
            }
            Ruleset serving = holder.current();
            if (serving == null) {
                return;
            }
            UUID job = ensureJob(serving.version(), serving.loadedAt());
            if (job == null) {
                return; // another instance went live on newer rules since this one loaded: its job is current
            }
            while (!paused && !Thread.currentThread().isInterrupted()
                    && work(job, serving.version(), instance) > 0) {
                if (holder.current() != serving) {
                    return; // a newer version went live: its job re-checks everyone
                }
            }
        } catch (RuntimeException | StackOverflowError e) {
            // Anything thrown here would cancel every later round.
            LOG.warnf("Re-checking learners paused: %s; the next round tries again", e.getClass().getName());
        }
    }

    /**
     * The job of the version being served: the newest job when it is of this version, else a new one (every stored
     * learner an item) that supersedes any still running. Instances serving the same version find the same job.
     */
    UUID ensureJob(String version) {
        return ensureJob(version, Instant.now());
    }

    /**
     * As {@link #ensureJob(String)}, for an instance that went live on {@code version} at {@code live}: when the
     * newest job is of another version and was made after that, another instance went live on newer rules (a
     * reload this one has not made yet, or refused; a rolling deploy), and this one makes no job: null.
     */
    UUID ensureJob(String version, Instant live) {
        return QuarkusTransaction.requiringNew().call(() -> {
            EntityManager em = RecheckJobRow.getEntityManager();
            // One instance at a time decides, so that two serving a new version at once make one job.
            em.createNativeQuery("SELECT pg_advisory_xact_lock(?1)").setParameter(1, JOB_LOCK).getSingleResult();
            @SuppressWarnings("unchecked")
            List<Object[]> newest = em.createNativeQuery("SELECT id, ruleset_version, created_at FROM recheck_job"
                    + " ORDER BY created_at DESC, id LIMIT 1").getResultList();
            if (!newest.isEmpty() && version.equals(newest.get(0)[1])) {
                return (UUID) newest.get(0)[0];
            }
            if (!newest.isEmpty()) {
                if (LearnerRecords.instant(newest.get(0)[2]).isAfter(live)) {
                    return null;
                }
            }
            UUID id = UUID.randomUUID();
            Instant now = Instant.now();
            em.createNativeQuery("UPDATE recheck_job SET state = 'SUPERSEDED', finished_at = ?1 WHERE state ="
                    + " 'RUNNING'").setParameter(1, now).executeUpdate();
            em.createNativeQuery("INSERT INTO recheck_job (id, ruleset_version, created_at, state, total) VALUES"
                            + " (?1, ?2, ?3, 'RUNNING', 0)")
                    .setParameter(1, id).setParameter(2, version).setParameter(3, now).executeUpdate();
            int total = em.createNativeQuery("INSERT INTO recheck_item (job_id, learner_id) SELECT ?1, id FROM"
                    + " learner").setParameter(1, id).executeUpdate();
            em.createNativeQuery("UPDATE recheck_job SET total = ?2 WHERE id = ?1").setParameter(1, id)
                    .setParameter(2, total).executeUpdate();
            if (total == 0) {
                em.createNativeQuery("UPDATE recheck_job SET state = 'DONE', finished_at = ?2 WHERE id = ?1")
                        .setParameter(1, id).setParameter(2, now).executeUpdate();
            }
            LOG.infof("Re-checking %d stored learners on ruleset %s (job %s)", total, version, id);
            return id;
        });
    }

    /** The advisory lock that serialises deciding which job is current. */
    private static final long JOB_LOCK = 0x7061746877617973L;

    /**
     * Claims one chunk of a running job's learners for {@code worker}, re-checks each, and returns how many it
     * did; 0 when nothing was left to claim (the job is then marked done once every item is).
     */
    int work(UUID job, String version, String worker) {
        List<String> claimed = claim(job, worker);
        if (claimed.isEmpty()) {
            finishIfDone(job);
            return 0;
        }
        for (String learner : claimed) {
            recheck(job, version, learner);
        }
        return claimed.size();
    }

    @SuppressWarnings("unchecked")
    private List<String> claim(UUID job, String worker) {
        return QuarkusTransaction.requiringNew().call(() -> {
            EntityManager em = RecheckJobRow.getEntityManager();
            Instant now = Instant.now();
            List<String> ids = em.createNativeQuery("UPDATE recheck_item SET claimed_by = ?2, claimed_at = ?3"
                            + " WHERE job_id = ?1 AND learner_id IN (SELECT i.learner_id FROM recheck_item i JOIN"
                            + " recheck_job j ON j.id = i.job_id WHERE i.job_id = ?1 AND j.state = 'RUNNING' AND"
                            + " i.done_at IS NULL AND (i.claimed_at IS NULL OR i.claimed_at < ?4) ORDER BY"
                            + " i.learner_id LIMIT ?5 FOR UPDATE OF i SKIP LOCKED) RETURNING learner_id")
                    .setParameter(1, job).setParameter(2, worker).setParameter(3, now)
                    .setParameter(4, now.minus(claimTimeout)).setParameter(5, chunk).getResultList();
            if (!ids.isEmpty()) {
                em.createNativeQuery("UPDATE recheck_job SET started_at = COALESCE(started_at, ?2) WHERE id = ?1")
                        .setParameter(1, job).setParameter(2, now).executeUpdate();
            }
            return new ArrayList<>(ids);
        });
    }

    private void recheck(UUID job, String version, String learner) {
        // The status before is the latest on any other version: an evaluation already made on this one (an LMS
        // asked meanwhile) would otherwise hide the move.
        Map<String, String> before = records.latestStatuses(learner, version);
        UUID evaluation = null;
        Map<String, String> after = null;
        String error = null;
        try {
            EvaluationResult result = evaluations.recheck(learner);
            if (!version.equals(result.rulesetVersion())) {
                return; // answered on a newer version: this job is superseded, its item stays open
            }
            if (!result.recorded()) {
                // Not in the history, so its move was not found: the claim runs out and it is re-checked later.
                throw new ProblemException(ProblemType.DATABASE_UNAVAILABLE, result.notRecordedReason());
            }
            evaluation = result.id();
            after = new LinkedHashMap<>();
            for (var q : result.qualifications()) {
                after.put(q.code(), q.status().name());
            }
        } catch (ProblemException e) {
            if (e.type() == ProblemType.DATABASE_UNAVAILABLE || e.type() == ProblemType.NO_RULESET) {
                throw e; // the claim runs out and the learner is re-checked later
            }
            if (e.type() == ProblemType.NOT_FOUND) {
                forget(job, learner); // deleted since the job began: nothing to re-check, nothing to keep
                return;
            }
            error = e.getMessage();
        } catch (RuntimeException | StackOverflowError e) {
            // The rules could not decide this learner (a policy that never settles), or its record cannot be read:
            // the rest go on.
            error = "could not be re-checked: " + e.getMessage();
            LOG.warnf("Re-check job %s: a learner could not be re-checked: %s", job, e.getClass().getName());
        }
        Map<String, String> now = after;
        UUID recorded = evaluation;
        String failure = error == null ? null : error.length() > 500 ? error.substring(0, 500) : error;
        QuarkusTransaction.requiringNew().run(() -> {
            EntityManager em = RecheckJobRow.getEntityManager();
            if (now != null) {
                for (String code : union(before, now)) {
                    String from = before.get(code);
                    String to = now.get(code);
                    if ("ELIGIBLE".equals(from) != "ELIGIBLE".equals(to)) {
                        // Only while the learner exists: a learner deleted meanwhile leaves nothing behind.
                        em.createNativeQuery("INSERT INTO recheck_change (job_id, learner_id, qualification,"
                                        + " from_status, to_status) SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1"
                                        + " FROM learner WHERE id = ?2 FOR KEY SHARE) ON CONFLICT DO NOTHING")
                                .setParameter(1, job).setParameter(2, learner).setParameter(3, code)
                                .setParameter(4, from).setParameter(5, to).executeUpdate();
                    }
                }
            }
            int marked = em.createNativeQuery("UPDATE recheck_item SET done_at = ?3, evaluation = ?4, error = ?5"
                            + " WHERE job_id = ?1 AND learner_id = ?2 AND done_at IS NULL")
                    .setParameter(1, job).setParameter(2, learner).setParameter(3, Instant.now())
                    .setParameter(4, recorded).setParameter(5, failure).executeUpdate();
            em.createNativeQuery("UPDATE recheck_job SET done = done + ?2, failed = failed + ?3 WHERE id = ?1")
                    .setParameter(1, job).setParameter(2, marked)
                    .setParameter(3, failure != null && marked > 0 ? 1 : 0).executeUpdate();
            if (marked > 0) {
                meters.counter("pathways.recheck.learners", "outcome", failure == null ? "done" : "failed")
                        .increment();
            }
        });
    }

    /** A learner deleted while the job ran: its item goes, and the job's total with it. */
    private void forget(UUID job, String learner) {
        QuarkusTransaction.requiringNew().run(() -> {
            EntityManager em = RecheckJobRow.getEntityManager();
            int removed = em.createNativeQuery("DELETE FROM recheck_item WHERE job_id = ?1 AND learner_id = ?2 AND"
                    + " done_at IS NULL").setParameter(1, job).setParameter(2, learner).executeUpdate();
            em.createNativeQuery("UPDATE recheck_job SET total = total - ?2 WHERE id = ?1").setParameter(1, job)
                    .setParameter(2, removed).executeUpdate();
        });
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        List<String> out = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(out::add);
        return out;
    }

    private void finishIfDone(UUID job) {
        QuarkusTransaction.requiringNew().run(() -> RecheckJobRow.getEntityManager().createNativeQuery(
                        "UPDATE recheck_job SET state = 'DONE', finished_at = ?2 WHERE id = ?1 AND state = 'RUNNING'"
                                + " AND NOT EXISTS (SELECT 1 FROM recheck_item WHERE job_id = ?1 AND done_at IS NULL)")
                .setParameter(1, job).setParameter(2, Instant.now()).executeUpdate());
    }

    /** Learners whose eligibility for one qualification moved one way (a re-check, an impact preview). */
    @Schema(name = "EligibilityMove")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Move(String qualification,
                       @Schema(description = "How many learners.")
                       int learners,
                       @Schema(description = "The first 20 of them by id; absent for a caller who may not read learner"
                               + " records.")
                       List<String> first) {
    }

    /** A re-check job as it stands. */
    @Schema(name = "RecheckJob", description = "Every stored learner re-checked on a ruleset version.")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Job(
            UUID id,
            @Schema(description = "The version the learners are re-checked on.")
            String rulesetVersion,
            @Schema(description = "RUNNING, DONE, or SUPERSEDED (a newer version went live first; its job re-checks"
                    + " everyone).")
            String state,
            Instant createdAt,
            Instant startedAt,
            Instant finishedAt,
            @Schema(description = "Learners to re-check.")
            int total,
            @Schema(description = "Learners re-checked so far.")
            int done,
            @Schema(description = "Of those, learners the rules could not decide (each is in the log); they keep"
                    + " their last answer.")
            int failed,
            @Schema(description = "Learners re-checked per second since the first was claimed.")
            Double perSecond,
            @Schema(description = "Seconds until done at that rate, while running.")
            Long etaSeconds,
            @Schema(description = "Per qualification, learners who became eligible.")
            List<Move> becameEligible,
            @Schema(description = "Per qualification, learners who were eligible and no longer are.")
            List<Move> lostEligibility) {

        /** The job with its moves counted but nobody named, for callers who may not read learner records. */
        public Job withoutNames() {
            return new Job(id, rulesetVersion, state, createdAt, startedAt, finishedAt, total, done, failed, perSecond,
                    etaSeconds, counts(becameEligible), counts(lostEligibility));
        }

        private static List<Move> counts(List<Move> moves) {
            return moves.stream().map(m -> new Move(m.qualification(), m.learners(), null)).toList();
        }
    }

    /** A job by id, with its result so far. */
    public Job find(UUID id) {
        ready();
        try {
            return QuarkusTransaction.joiningExisting().call(() -> {
                RecheckJobRow row = RecheckJobRow.findById(id);
                if (row == null) {
                    throw new ProblemException(ProblemType.NOT_FOUND, "no job has id " + id);
                }
                return job(row);
            });
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warnf("Cannot read job %s: %s", id, e.toString());
            throw new ProblemException(ProblemType.DATABASE_UNAVAILABLE, "the database did not answer; try again");
        }
    }

    /** The most recent jobs, newest first. */
    public List<Job> recent(int limit) {
        ready();
        try {
            return QuarkusTransaction.joiningExisting().call(() -> RecheckJobRow.<RecheckJobRow>find(
                    "order by createdAt desc").page(0, limit).list().stream().map(this::job).toList());
        } catch (RuntimeException e) {
            LOG.warnf("Cannot list jobs: %s", e.toString());
            throw new ProblemException(ProblemType.DATABASE_UNAVAILABLE, "the database did not answer; try again");
        }
    }

    private Job job(RecheckJobRow row) {
        Double rate = null;
        Long eta = null;
        if (row.startedAt != null && row.done > 0) {
            Instant end = row.finishedAt != null ? row.finishedAt : Instant.now();
            double seconds = Math.max(0.001, Duration.between(row.startedAt, end).toMillis() / 1000.0);
            rate = Math.round(row.done / seconds * 10) / 10.0;
            if (row.state.equals("RUNNING")) {
                eta = Math.round((row.total - row.done) / (row.done / seconds));
            }
        }
        return new Job(row.id, row.rulesetVersion, row.state, row.createdAt, row.startedAt, row.finishedAt,
                row.total, row.done, row.failed, rate, eta, moves(row.id, true), moves(row.id, false));
    }

    @SuppressWarnings("unchecked")
    private List<Move> moves(UUID job, boolean becameEligible) {
        List<Object[]> rows = RecheckJobRow.getEntityManager().createNativeQuery("SELECT qualification, learner_id"
                        + " FROM recheck_change WHERE job_id = ?1 AND " + (becameEligible ? "to_status" : "from_status")
                        + " = 'ELIGIBLE' ORDER BY qualification, learner_id")
                .setParameter(1, job).getResultList();
        Map<String, List<String>> byQualification = new LinkedHashMap<>();
        rows.forEach(r -> byQualification.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add((String) r[1]));
        List<Move> out = new ArrayList<>();
        byQualification.forEach((code, learners) -> out.add(new Move(code, learners.size(),
                List.copyOf(learners.subList(0, Math.min(NAMED, learners.size()))))));
        return out;
    }

    private void ready() {
        database.require("learners are not re-checked");
    }
}
