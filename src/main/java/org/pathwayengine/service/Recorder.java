package org.pathwayengine.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.pathwayengine.evaluation.EvaluationRequest;
import org.pathwayengine.evaluation.EvaluationResult;
import org.pathwayengine.evaluation.RequestJson;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.problem.ProblemException;
import org.pathwayengine.problem.ProblemType;

import java.time.Instant;
import java.util.UUID;

/**
 * Stores evaluations in PostgreSQL when a database is configured. Recording is its own transaction after the
 * answer is made: if it fails, the answer still goes out, marked as not recorded, and nothing is half-written.
 */
@ApplicationScoped
public class Recorder {

    private static final Logger LOG = Logger.getLogger(Recorder.class);
    /** Stored requests are read back as strictly as they were first read. */
    private static final com.fasterxml.jackson.databind.ObjectReader STORED_REQUEST = RequestJson.mapper()
            .readerFor(EvaluationRequest.class);

    private final ObjectMapper mapper;
    private final Database database;
    private final RulesetArchive archive;
    private final StatusEvents events;

    public Recorder(ObjectMapper mapper, Database database, RulesetArchive archive, StatusEvents events) {
        this.mapper = mapper;
        this.database = database;
        this.archive = archive;
        this.events = events;
    }

    /** Whether a database is configured at all (the service also runs without one, as a stateless sidecar). */
    public boolean configured() {
        return database.configured();
    }

    /**
     * Records the evaluation and returns the answer with its id, or marked as not recorded and why. In the same
     * transaction it archives the ruleset that decided it (once per version), so that the answer can be replayed on
     * exactly those rules, and, for a learner's record evaluated as of today, writes an event for each change of
     * eligibility to the outbox ({@link StatusEvents}).
     *
     * @param ofRecord whether the evaluation is of a stored learner record (it then joins the learner's history)
     */
    public EvaluationResult record(Ruleset ruleset, EvaluationRequest request, EvaluationResult result,
                                   boolean ofRecord) {
        return record(ruleset, request, result, ofRecord, null);
    }

    /**
     * @param read for an evaluation of a stored record, the record's last change as the evaluation read it: if the
     *             record changed since, the answer joins the history but sets no statuses and announces nothing
     *             (the change's own evaluation does)
     */
    public EvaluationResult record(Ruleset ruleset, EvaluationRequest request, EvaluationResult result,
                                   boolean ofRecord, Instant read) {
        if (!database.configured()) {
            return result.withRecord(null, false, "no database is configured; the answer was not stored");
        }
        if (!database.ready()) {
            return result.withRecord(null, false, database.notReadyReason() + "; the answer was not stored");
        }
        UUID id = UUID.randomUUID();
        EvaluationResult stored = result.withRecord(id, true, null);
        try {
            EvaluationRecord row = new EvaluationRecord();
            row.id = id;
            row.evaluatedAt = result.evaluatedAt();
            row.rulesetVersion = result.rulesetVersion();
            row.learner = result.learner();
            row.asOf = result.asOf();
            row.request = mapper.writeValueAsString(request);
            row.result = mapper.writeValueAsString(stored);
            row.ofRecord = ofRecord;
            boolean today = request.asOf() == null
                    || request.asOf().equals(java.time.LocalDate.now(java.time.ZoneOffset.UTC));
            QuarkusTransaction.requiringNew().call(() -> {
                jakarta.persistence.EntityManager em = EvaluationRecord.getEntityManager();
                boolean exists = !ofRecord || (today ? events.record(em, request.learner(), stored, read)
                        : !em.createNativeQuery("SELECT 1 FROM learner WHERE id = ?1 FOR KEY SHARE")
                        .setParameter(1, request.learner()).getResultList().isEmpty());
                if (!exists) {
                    // Deleted since it was read: its history must not come back.
                    throw new ProblemException(ProblemType.NOT_FOUND, "no learner record has id "
                            + request.learner());
                }
                archive.ensure(ruleset);
                row.persist();
                return null;
            });
            archive.archived(ruleset.version());
            return stored;
        } catch (ProblemException e) {
            throw e;
        } catch (JsonProcessingException | RuntimeException e) {
            // The evaluation's id, not its content: the log outlives a learner's deletion.
            LOG.warnf("Evaluation %s answered but not recorded: %s", id, e.getClass().getName()
                    + (e.getCause() != null ? " (" + e.getCause().getClass().getName() + ")" : ""));
            return result.withRecord(null, false, "the database did not accept the record; the answer was not stored");
        }
    }

    /** A request as it was recorded, dated as it was answered. */
    public record Recorded(UUID id, java.time.Instant evaluatedAt, EvaluationRequest request) {
    }

    /**
     * The most recent recorded requests, newest first, each with the as-of date it was answered on (so it means
     * the same on any day). Empty when no database is configured.
     */
    public java.util.List<Recorded> recent(int limit) {
        if (!database.configured() || limit <= 0) {
            return java.util.List.of();
        }
        if (!database.ready()) {
            throw new ProblemException(ProblemType.DATABASE_UNAVAILABLE, database.notReadyReason() + "; try again");
        }
        java.util.List<EvaluationRecord> rows;
        try {
            rows = QuarkusTransaction.joiningExisting().call(() -> EvaluationRecord.<EvaluationRecord>find(
                    "order by evaluatedAt desc").page(0, limit).list());
        } catch (RuntimeException e) {
            LOG.warnf("Cannot read recent evaluations: %s", e.toString());
            throw new ProblemException(ProblemType.DATABASE_UNAVAILABLE, "the database did not answer; try again");
        }
        java.util.List<Recorded> out = new java.util.ArrayList<>();
        for (EvaluationRecord row : rows) {
            try {
                EvaluationRequest r = STORED_REQUEST.readValue(row.request);
                out.add(new Recorded(row.id, row.evaluatedAt, new EvaluationRequest(r.learner(),
                        r.asOf() != null ? r.asOf() : row.asOf, r.held(), r.hypothetical(), r.exceptions())));
            } catch (JsonProcessingException | RuntimeException e) {
                LOG.warnf("Recorded evaluation %s cannot be read back as a request: %s", row.id, e.toString());
            }
        }
        return out;
    }

    /** The stored answer as JSON text. */
    public String find(UUID id) {
        return row(id).result;
    }

    /** A recorded evaluation: the request as answered (with its as-of date) and the answer as JSON text. */
    public record Stored(UUID id, String rulesetVersion, EvaluationRequest request, String result) {
    }

    /** A recorded evaluation with its request, for replaying it. */
    public Stored stored(UUID id) {
        EvaluationRecord row = row(id);
        try {
            EvaluationRequest r = STORED_REQUEST.readValue(row.request);
            return new Stored(row.id, row.rulesetVersion, new EvaluationRequest(r.learner(),
                    r.asOf() != null ? r.asOf() : row.asOf, r.held(), r.hypothetical(), r.exceptions()), row.result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("recorded evaluation " + id + " cannot be read back as a request", e);
        }
    }

    private EvaluationRecord row(UUID id) {
        database.require("evaluations are not stored or retrievable");
        EvaluationRecord row;
        try {
            row = QuarkusTransaction.joiningExisting().call(() -> EvaluationRecord.findById(id));
        } catch (RuntimeException e) {
            LOG.warnf("Cannot read evaluation %s: %s", id, e.toString());
            throw new ProblemException(ProblemType.DATABASE_UNAVAILABLE, "the database did not answer; try again");
        }
        if (row == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "no evaluation has id " + id);
        }
        return row;
    }
}
