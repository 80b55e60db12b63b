package org.pathwayengine.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;
import org.pathwayengine.evaluation.EvaluationRequest;
import org.pathwayengine.evaluation.GrantedException;
import org.pathwayengine.evaluation.HeldCredential;
import org.pathwayengine.evaluation.RequestJson;
import org.pathwayengine.problem.Problem;
import org.pathwayengine.problem.ProblemException;
import org.pathwayengine.problem.ProblemType;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Learner records in PostgreSQL: what each learner holds, keyed by the calling system's id, every change with who
 * and when, and the learner's evaluation history. A write locks the learner's row for its transaction, so writers
 * to one learner take turns and none loses another's credential; a caller that read a version and writes back
 * what it changed names that version (If-Match), and is refused when someone else wrote in between.
 */
@ApplicationScoped
public class LearnerRecords {

    private static final Logger LOG = Logger.getLogger(LearnerRecords.class);
    private static final ObjectReader HELD = RequestJson.mapper().readerForListOf(HeldCredential.class);
    private static final ObjectReader ONE = RequestJson.mapper().readerFor(HeldCredential.class);
    /** Most learners one page of the listing holds. */
    public static final int MAX_PAGE = 500;
    /** Most evaluations one page of a learner's history holds. */
    public static final int MAX_HISTORY = 200;

    private final ObjectMapper mapper;
    private final Database database;
    private final jakarta.enterprise.event.Event<Deleted> deletions;

    public LearnerRecords(ObjectMapper mapper, Database database, jakarta.enterprise.event.Event<Deleted> deletions) {
        this.mapper = mapper;
        this.database = database;
        this.deletions = deletions;
    }

    /** What a change did to one credential. */
    @Schema(name = "LearnerChangeKind")
    public enum Kind { ADDED, CORRECTED, REVOKED }

    /** One change to a learner's record. */
    @Schema(name = "LearnerChange", description = "One change to a learner's record: what, who, when.")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Change(
            @Schema(description = "ADDED: a credential new to the record; CORRECTED: a credential already held,"
                    + " with other details (a date, a grade); REVOKED: no longer held (it no longer counts).")
            Kind kind,
            @Schema(description = "The credential's catalog code; for one given as a verifiable credential, vc- and a"
                    + " digest of its id (what the record files it under, and what revoking it names).")
            String code,
            @Schema(description = "The record version this change made.")
            long version,
            Instant at,
            @Schema(description = "Who made it: the token's subject.")
            String actor,
            @Schema(description = "The credential as it was, for CORRECTED and REVOKED; absent for ADDED.")
            HeldCredential before,
            @Schema(description = "The credential as it is, for ADDED and CORRECTED; absent for REVOKED.")
            HeldCredential after) {
    }

    /** A learner's record as it stands. */
    @Schema(name = "Learner", description = "A learner's record: the credentials held now and its version.")
    public record Learner(
            @Schema(description = "The calling system's id for the learner.")
            String id,
            @Schema(description = "Bumped by every change; the ETag. Send it back as If-Match to write only when"
                    + " nobody else wrote since.")
            long version,
            Instant createdAt,
            Instant updatedAt,
            @Schema(description = "The credentials held now, one per code, in the order they were first given.")
            List<HeldCredential> held) {
    }

    /** A write and what it changed; {@code created} when it made the record. */
    public record Written(Learner learner, boolean created, List<Change> changes) {
    }

    /**
     * A condition on the record's version (If-Match): none, any existing record (no versions), or one of these
     * versions.
     */
    public record Precondition(boolean mustExist, List<Long> versions, String asGiven) {
        public static final Precondition NONE = new Precondition(false, List.of(), null);
    }

    /** The credentials held become exactly these: new ones added, changed ones corrected, missing ones revoked. */
    public Written replace(String id, List<HeldCredential> held, Precondition condition, String actor) {
        check(id, held, "held");
        return write(id, condition, actor, true, null, current -> {
            Map<String, HeldCredential> next = new LinkedHashMap<>();
            // Codes already held keep their place; new ones follow in the order given.
            current.keySet().forEach(code -> held.stream().filter(h -> h.key().equals(code)).findFirst()
                    .ifPresent(h -> next.put(code, h)));
            held.forEach(h -> next.putIfAbsent(h.key(), h));
            current.clear();
            current.putAll(next);
        });
    }

    /** Adds one credential, or corrects it when its code is already held. */
    public Written put(String id, HeldCredential credential, Precondition condition, String actor) {
        return put(id, credential, condition, actor, null);
    }

    /**
     * As {@link #put(String, HeldCredential, Precondition, String)}, first running {@code once} in the write's
     * transaction: when it answers false (a message already applied) nothing is written and the answer is null.
     */
    public Written put(String id, HeldCredential credential, Precondition condition, String actor,
                       java.util.function.Predicate<EntityManager> once) {
        check(id, List.of(credential), "credential");
        return write(id, condition, actor, true, once, current -> current.put(credential.key(), credential));
    }

    /** The learner no longer holds this credential; the change, with the credential as it was, is kept. */
    public Written revoke(String id, String code, Precondition condition, String actor) {
        return revoke(id, code, condition, actor, null);
    }

    /** As {@link #revoke(String, String, Precondition, String)}, guarded like {@link #put}'s {@code once}. */
    public Written revoke(String id, String code, Precondition condition, String actor,
                          java.util.function.Predicate<EntityManager> once) {
        return write(id, condition, actor, false, once, current -> {
            if (current.remove(code) == null) {
                throw new ProblemException(ProblemType.NOT_FOUND, "learner " + id + " holds no credential " + code,
                        List.of(new Problem.Violation("code", "not held by this learner")));
            }
        });
    }

    private static void check(String id, List<HeldCredential> held, String field) {
        List<Problem.Violation> violations = EvaluationService.violations(new EvaluationRequest(id, null, held))
                .stream().map(v -> new Problem.Violation(field.equals("held") ? v.field()
                        : v.field().replaceFirst("^held\\[0]", "credential"), v.message())).toList();
        if (!violations.isEmpty()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, violations.size() == 1
                    ? violations.get(0).field() + ": " + violations.get(0).message()
                    : violations.size() + " fields are invalid; see violations", violations);
        }
    }

    private Written write(String id, Precondition condition, String actor, boolean mayCreate,
                          java.util.function.Predicate<EntityManager> once,
                          Consumer<Map<String, HeldCredential>> edit) {
        ready();
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                EntityManager em = LearnerRow.getEntityManager();
                if (once != null && !once.test(em)) {
                    return null;
                }
                Instant now = Instant.now();
                boolean created = mayCreate && em.createNativeQuery("INSERT INTO learner (id, version, created_at,"
                                + " updated_at, held) VALUES (?1, 0, ?2, ?2, '[]'::jsonb) ON CONFLICT (id) DO NOTHING")
                        .setParameter(1, id).setParameter(2, now).executeUpdate() == 1;
                // Writers to one learner queue here; the row is theirs until this transaction ends.
                LearnerRow row = em.find(LearnerRow.class, id, LockModeType.PESSIMISTIC_WRITE);
                if (row == null) {
                    throw notFound(id);
                }
                if ((condition.mustExist() && created)
                        || (!condition.versions().isEmpty() && !condition.versions().contains(row.version))) {
                    throw new ProblemException(ProblemType.PRECONDITION_FAILED, created
                            ? "learner " + id + " has no record yet, so If-Match " + condition.asGiven()
                            + " cannot match; send the request without If-Match to create it"
                            : "learner " + id + " is at version " + row.version + ", not " + condition.asGiven()
                            + "; read the record again and apply your change to it",
                            List.of(new Problem.Violation("If-Match", "the record is at version \"" + row.version
                                    + "\"")));
                }
                Map<String, HeldCredential> before = new LinkedHashMap<>();
                for (HeldCredential h : HELD.<List<HeldCredential>>readValue(row.held)) {
                    before.put(h.key(), h);
                }
                Map<String, HeldCredential> after = new LinkedHashMap<>(before);
                edit.accept(after);
                List<Change> changes = diff(before, after, row.version + 1, now, actor);
                if (created || !changes.isEmpty()) {
                    row.version++;
                    row.updatedAt = now;
                    row.held = mapper.writeValueAsString(new ArrayList<>(after.values()));
                    for (Change c : changes) {
                        LearnerChangeRow change = new LearnerChangeRow();
                        change.learnerId = id;
                        change.version = c.version();
                        change.at = c.at();
                        change.actor = c.actor();
                        change.kind = c.kind().name();
                        change.code = c.code();
                        change.before = c.before() == null ? null : mapper.writeValueAsString(c.before());
                        change.after = c.after() == null ? null : mapper.writeValueAsString(c.after());
                        change.persist();
                    }
                }
                return new Written(learner(row, new ArrayList<>(after.values())), created, changes);
            });
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unavailable("write a learner record", e);
        }
    }

    private static List<Change> diff(Map<String, HeldCredential> before, Map<String, HeldCredential> after,
                                     long version, Instant at, String actor) {
        List<Change> out = new ArrayList<>();
        before.forEach((code, was) -> {
            HeldCredential now = after.get(code);
            if (now == null) {
                out.add(new Change(Kind.REVOKED, code, version, at, actor, was, null));
            } else if (!now.equals(was)) {
                out.add(new Change(Kind.CORRECTED, code, version, at, actor, was, now));
            }
        });
        after.forEach((code, now) -> {
            if (!before.containsKey(code)) {
                out.add(new Change(Kind.ADDED, code, version, at, actor, null, now));
            }
        });
        return out;
    }

    /** The learner's record, or a 404 problem. */
    public Learner find(String id) {
        ready();
        LearnerRow row;
        try {
            row = QuarkusTransaction.joiningExisting().call(() -> LearnerRow.<LearnerRow>findById(id));
        } catch (RuntimeException e) {
            throw unavailable("read a learner record", e);
        }
        if (row == null) {
            throw notFound(id);
        }
        try {
            return learner(row, HELD.readValue(row.held));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a learner record cannot be read as credentials", e);
        }
    }

    private static Learner learner(LearnerRow row, List<HeldCredential> held) {
        return new Learner(row.id, row.version, row.createdAt, row.updatedAt, List.copyOf(held));
    }

    /** How many learner records are stored. */
    public long count() {
        ready();
        try {
            return QuarkusTransaction.joiningExisting().call(() -> LearnerRow.count());
        } catch (RuntimeException e) {
            throw unavailable("count learner records", e);
        }
    }

    /** Up to {@code limit} learner records after {@code after} in id order, whole, for streaming through them. */
    public List<Learner> page(String after, int limit) {
        ready();
        List<LearnerRow> rows;
        try {
            rows = QuarkusTransaction.joiningExisting().call(() -> LearnerRow.<LearnerRow>find(
                    "id > ?1 order by id", after == null ? "" : after).page(0, limit).list());
        } catch (RuntimeException e) {
            throw unavailable("read learner records", e);
        }
        List<Learner> out = new ArrayList<>();
        for (LearnerRow row : rows) {
            try {
                out.add(learner(row, HELD.readValue(row.held)));
            } catch (JsonProcessingException e) {
                out.add(learner(row, List.of())); // an unreadable record counts as holding nothing
            }
        }
        return out;
    }

    /** One page of learners in id order. */
    @Schema(name = "LearnerPage", description = "Learners in id order; ask again with after=next for more.")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Page(
            @Schema(description = "Learner ids, with their record versions.")
            List<Listed> learners,
            @Schema(description = "Pass as after= to get the next page; absent on the last page.")
            String next) {
    }

    /** A learner in a listing. */
    @Schema(name = "ListedLearner")
    public record Listed(String id, long version, Instant updatedAt, int held) {
    }

    /**
     * Learners whose id starts with {@code prefix}, after {@code after} in id order; with a qualification and
     * status, only those whose latest evaluation of their record gave it that status.
     */
    public Page list(String prefix, String after, int limit, String qualification, String status) {
        ready();
        StringBuilder sql = new StringBuilder("SELECT l.id, l.version, l.updated_at, jsonb_array_length(l.held)"
                + " FROM learner l WHERE l.id LIKE :prefix ESCAPE '\\' AND l.id > :after");
        if (qualification != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM (SELECT e.result FROM evaluation_record e WHERE e.of_record"
                    + " AND e.learner = l.id ORDER BY e.evaluated_at DESC LIMIT 1) latest"
                    + " WHERE latest.result -> 'qualifications' @> jsonb_build_array(jsonb_build_object("
                    + "'code', CAST(:code AS text), 'status', CAST(:status AS text))))");
        }
        sql.append(" ORDER BY l.id LIMIT :limit");
        String like = (prefix == null ? "" : prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"))
                + "%";
        try {
            List<Object[]> rows = QuarkusTransaction.joiningExisting().call(() -> {
                var query = LearnerRow.getEntityManager().createNativeQuery(sql.toString())
                        .setParameter("prefix", like).setParameter("after", after == null ? "" : after)
                        .setParameter("limit", limit + 1);
                if (qualification != null) {
                    query.setParameter("code", qualification).setParameter("status", status);
                }
                @SuppressWarnings("unchecked")
                List<Object[]> result = query.getResultList();
                return result;
            });
            List<Listed> out = new ArrayList<>();
            for (Object[] r : rows.subList(0, Math.min(limit, rows.size()))) {
                out.add(new Listed((String) r[0], ((Number) r[1]).longValue(), instant(r[2]),
                        ((Number) r[3]).intValue()));
            }
            return new Page(out, rows.size() > limit ? out.get(out.size() - 1).id() : null);
        } catch (RuntimeException e) {
            throw unavailable("list learners", e);
        }
    }

    /** A timestamp column as a native query returns it (the driver's type varies). */
    static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }

    /** Every change to the learner's record, oldest first. */
    public List<Change> changes(String id) {
        find(id);
        try {
            List<LearnerChangeRow> rows = QuarkusTransaction.joiningExisting().call(() -> LearnerChangeRow
                    .<LearnerChangeRow>find("learnerId = ?1 order by id", id).list());
            List<Change> out = new ArrayList<>();
            for (LearnerChangeRow r : rows) {
                out.add(new Change(Kind.valueOf(r.kind), r.code, r.version, r.at, r.actor,
                        r.before == null ? null : ONE.readValue(r.before),
                        r.after == null ? null : ONE.readValue(r.after)));
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a learner record's change cannot be read", e);
        } catch (RuntimeException e) {
            throw unavailable("read a learner record's changes", e);
        }
    }

    /** A status that changed between two evaluations of a learner's record. */
    @Schema(name = "StatusChange")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record StatusChange(String qualification,
                               @Schema(description = "The status before; absent on the learner's first evaluation.")
                               String from,
                               @Schema(description = "The status now; absent when the qualification is no longer"
                                       + " considered for the learner.")
                               String to,
                               @Schema(description = "The change in words.")
                               String sentence) {
    }

    /** One evaluation of a learner's record, with what changed since the one before. */
    @Schema(name = "HistoryEntry")
    public record HistoryEntry(
            @Schema(description = "The recorded evaluation: GET /api/v1/evaluations/{id} answers it in full.")
            UUID evaluation,
            Instant evaluatedAt,
            String rulesetVersion,
            LocalDate asOf,
            @Schema(description = "Each considered qualification's status.")
            Map<String, String> statuses,
            @Schema(description = "Statuses that differ from the evaluation before this one.")
            List<StatusChange> changes) {
    }

    /** The learner's evaluations, newest first, each with the status changes it brought. */
    public List<HistoryEntry> history(String id, int limit) {
        find(id);
        List<EvaluationRecord> rows;
        try {
            rows = QuarkusTransaction.joiningExisting().call(() -> EvaluationRecord.<EvaluationRecord>find(
                    "learner = ?1 and ofRecord = true order by evaluatedAt desc, id", id).page(0, limit + 1).list());
        } catch (RuntimeException e) {
            throw unavailable("read a learner's history", e);
        }
        List<Map<String, String>> statuses = new ArrayList<>();
        for (EvaluationRecord r : rows) {
            statuses.add(statuses(r));
        }
        List<HistoryEntry> out = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, rows.size()); i++) {
            EvaluationRecord r = rows.get(i);
            Map<String, String> now = statuses.get(i);
            Map<String, String> was = i + 1 < rows.size() ? statuses.get(i + 1) : Map.of();
            boolean first = i + 1 >= rows.size();
            List<StatusChange> changes = new ArrayList<>();
            String when = " on " + r.evaluatedAt.atOffset(ZoneOffset.UTC).toLocalDate() + " under ruleset "
                    + (r.rulesetVersion.length() > 12 ? r.rulesetVersion.substring(0, 12) + "…" : r.rulesetVersion);
            now.forEach((code, status) -> {
                String before = was.get(code);
                if (!status.equals(before) && !(first && status.equals("NOT_STARTED"))) {
                    changes.add(new StatusChange(code, before, status, (status.equals("ELIGIBLE") ? "became "
                            : "was ") + status + " for " + code + when));
                }
            });
            was.forEach((code, status) -> {
                if (!now.containsKey(code)) {
                    changes.add(new StatusChange(code, status, null, "no longer considered for " + code
                            + " (was " + status + ")" + when));
                }
            });
            out.add(new HistoryEntry(r.id, r.evaluatedAt, r.rulesetVersion, r.asOf, now, changes));
        }
        return out;
    }

    /**
     * Each qualification's status in the latest evaluation of the learner's record on another version than
     * {@code version}; empty before the first.
     */
    public Map<String, String> latestStatuses(String id, String version) {
        return QuarkusTransaction.joiningExisting().call(() -> EvaluationRecord.<EvaluationRecord>find(
                        "learner = ?1 and ofRecord = true and rulesetVersion <> ?2 order by evaluatedAt desc, id",
                        id, version).page(0, 1)
                .firstResultOptional().map(this::statuses).orElse(Map.of()));
    }

    private Map<String, String> statuses(EvaluationRecord r) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            for (JsonNode q : mapper.readTree(r.result).path("qualifications")) {
                out.put(q.path("code").asText(), q.path("status").asText());
            }
        } catch (JsonProcessingException e) {
            LOG.warnf("Recorded evaluation %s cannot be read: %s", r.id, e.getClass().getName());
        }
        return out;
    }

    /** A registrar's exception as the learner's record keeps it. */
    @Schema(name = "RecordedException", description = "A registrar's exception kept with a learner's record.")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record RecordedException(
            @Schema(description = "The exception as granted; author and granted are set when it is recorded.")
            GrantedException exception,
            Instant recordedAt,
            @Schema(description = "When it was withdrawn; a withdrawn exception no longer applies.")
            Instant withdrawnAt,
            String withdrawnBy) {
    }

    private static final ObjectReader EXCEPTION = RequestJson.mapper().readerFor(GrantedException.class);

    /**
     * Records an exception for a learner, granted by {@code actor} today; an id the learner already has is a 409
     * problem (withdraw it, or grant under another id).
     */
    public RecordedException grant(String id, GrantedException exception, String actor) {
        ready();
        GrantedException granted = exception.grantedBy(actor, LocalDate.now(ZoneOffset.UTC));
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                EntityManager em = LearnerRow.getEntityManager();
                LearnerRow row = locked(em, id);
                Instant now = Instant.now();
                long standing = ((Number) em.createNativeQuery("SELECT count(*) FROM learner_exception WHERE"
                        + " learner_id = :learner AND withdrawn_at IS NULL").setParameter("learner", id)
                        .getSingleResult()).longValue();
                if (standing >= EvaluationRequest.MAX_EXCEPTIONS) {
                    throw new ProblemException(ProblemType.CONFLICT, "learner " + id + " already has "
                            + standing + " standing exceptions, the most one learner may have; withdraw one first",
                            List.of(new Problem.Violation("id", "one exception too many for this learner")));
                }
                int inserted = em.createNativeQuery("INSERT INTO learner_exception (learner_id, id, exception,"
                                + " recorded_at) VALUES (:learner, :id, CAST(:exception AS jsonb), :at) ON CONFLICT"
                                + " DO NOTHING")
                        .setParameter("learner", id).setParameter("id", granted.id())
                        .setParameter("exception", mapper.writeValueAsString(granted)).setParameter("at", now)
                        .executeUpdate();
                if (inserted == 0) {
                    throw new ProblemException(ProblemType.CONFLICT, "learner " + id + " already has an exception "
                            + granted.id() + " (ids are kept when withdrawn); grant this one under another id",
                            List.of(new Problem.Violation("id", "already used for this learner")));
                }
                // The record's outcome may change: it is due an evaluation (see StatusCatchUp).
                row.updatedAt = now;
                return new RecordedException(granted, now, null, null);
            });
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unavailable("record an exception", e);
        }
    }

    /** Withdraws a learner's exception: it stays on the record, marked withdrawn, and no longer applies. */
    public RecordedException withdraw(String id, String exceptionId, String actor) {
        ready();
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                EntityManager em = LearnerRow.getEntityManager();
                LearnerRow row = locked(em, id);
                Instant now = Instant.now();
                int withdrawn = em.createNativeQuery("UPDATE learner_exception SET withdrawn_at = :at, withdrawn_by"
                                + " = :by WHERE learner_id = :learner AND id = :id AND withdrawn_at IS NULL")
                        .setParameter("at", now).setParameter("by", actor).setParameter("learner", id)
                        .setParameter("id", exceptionId).executeUpdate();
                RecordedException found = exceptions(em, id).stream()
                        .filter(x -> x.exception().id().equals(exceptionId)).findFirst()
                        .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "learner " + id
                                + " has no exception " + exceptionId));
                if (withdrawn == 0) {
                    throw new ProblemException(ProblemType.CONFLICT, "exception " + exceptionId + " was withdrawn"
                            + " already, on " + found.withdrawnAt() + " by " + found.withdrawnBy());
                }
                row.updatedAt = now;
                return found;
            });
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unavailable("withdraw an exception", e);
        }
    }

    /** The learner's row, locked for this transaction (writers to one learner take turns), or a 404 problem. */
    private static LearnerRow locked(EntityManager em, String id) {
        LearnerRow row = em.find(LearnerRow.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            throw notFound(id);
        }
        return row;
    }

    /** Every exception recorded for the learner, withdrawn ones too, in the order they were recorded. */
    public List<RecordedException> exceptions(String id) {
        find(id);
        try {
            return QuarkusTransaction.joiningExisting().call(() -> exceptions(LearnerRow.getEntityManager(), id));
        } catch (RuntimeException e) {
            throw unavailable("read a learner's exceptions", e);
        }
    }

    /** The exceptions that apply to the learner's evaluations: those not withdrawn. */
    public List<GrantedException> standing(String id) {
        ready();
        try {
            return QuarkusTransaction.joiningExisting().call(() -> exceptions(LearnerRow.getEntityManager(), id))
                    .stream().filter(x -> x.withdrawnAt() == null).map(RecordedException::exception).toList();
        } catch (RuntimeException e) {
            throw unavailable("read a learner's exceptions", e);
        }
    }

    private List<RecordedException> exceptions(EntityManager em, String id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT CAST(exception AS text), recorded_at, withdrawn_at,"
                        + " withdrawn_by FROM learner_exception WHERE learner_id = :learner ORDER BY recorded_at, id")
                .setParameter("learner", id).getResultList();
        List<RecordedException> out = new ArrayList<>();
        for (Object[] r : rows) {
            try {
                out.add(new RecordedException(EXCEPTION.readValue((String) r[0]), instant(r[1]),
                        r[2] == null ? null : instant(r[2]), (String) r[3]));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a learner's exception cannot be read", e);
            }
        }
        return out;
    }

    /** What deleting a learner removed, and what it kept. */
    @Schema(name = "LearnerDeleted")
    public record Deleted(String id,
                          @Schema(description = "Credentials the record held.")
                          int credentials,
                          @Schema(description = "Changes to the record that were removed.")
                          long changes,
                          @Schema(description = "Recorded evaluations naming the learner that were removed (of the"
                                  + " record, and callers' own requests naming the same id); re-check jobs' entries"
                                  + " naming the learner are removed too.")
                          long evaluations,
                          @Schema(description = "Registrars' exceptions the record had, withdrawn ones too.")
                          long exceptions,
                          @Schema(description = "Status events about the learner removed from the outbox, sent or"
                                  + " not (one not yet sent is never sent).")
                          long events,
                          @Schema(description = "What was kept, in words.")
                          String kept) {
    }

    /**
     * Removes everything that names the learner (a data-protection request): the record, its changes and every
     * recorded evaluation that names the learner's id.
     */
    public Deleted delete(String id) {
        Deleted deleted = deleteRows(id);
        deletions.fire(deleted); // what holds ids in memory (impact previews) forgets this one
        return deleted;
    }

    private Deleted deleteRows(String id) {
        ready();
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                LearnerRow row = LearnerRow.getEntityManager().find(LearnerRow.class, id,
                        LockModeType.PESSIMISTIC_WRITE);
                if (row == null) {
                    throw notFound(id);
                }
                int credentials = HELD.<List<HeldCredential>>readValue(row.held).size();
                long changes = LearnerChangeRow.delete("learnerId", id);
                long evaluations = EvaluationRecord.delete("learner", id);
                EntityManager em = LearnerRow.getEntityManager();
                long exceptions = em.createNativeQuery("DELETE FROM learner_exception WHERE learner_id = ?1")
                        .setParameter(1, id).executeUpdate();
                long events = em.createNativeQuery("DELETE FROM event_outbox WHERE learner_id = ?1")
                        .setParameter(1, id).executeUpdate();
                // Re-check jobs name learners too, in their items and in who became eligible; their counts drop.
                em.createNativeQuery("UPDATE recheck_job j SET total = j.total - 1, done = j.done - CASE WHEN"
                        + " i.done_at IS NULL THEN 0 ELSE 1 END FROM recheck_item i WHERE i.job_id = j.id AND"
                        + " i.learner_id = ?1").setParameter(1, id).executeUpdate();
                em.createNativeQuery("DELETE FROM recheck_item WHERE learner_id = ?1").setParameter(1, id)
                        .executeUpdate();
                em.createNativeQuery("DELETE FROM recheck_change WHERE learner_id = ?1").setParameter(1, id)
                        .executeUpdate();
                row.delete();
                return new Deleted(id, credentials, changes, evaluations, exceptions, events, "nothing that names the learner: only"
                        + " counts without identity (the service's metrics, re-check jobs' totals) and the ids of LMS"
                        + " messages already applied (so a repeat stays without effect); the service does not write"
                        + " learner ids to its log; events already delivered to the broker are the subscribers'");
            });
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unavailable("delete a learner record", e);
        }
    }

    /** Whether learner records are kept at all (a database is configured). */
    public boolean kept() {
        return database.configured();
    }

    private void ready() {
        database.require("learner records are not kept");
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(ProblemType.NOT_FOUND, "no learner record has id " + id);
    }

    private static ProblemException unavailable(String what, RuntimeException e) {
        // What, never whom: the log outlives a learner's deletion.
        LOG.warnf("Could not %s: %s", what, e.getClass().getName());
        return new ProblemException(ProblemType.DATABASE_UNAVAILABLE, "the database did not answer; try again");
    }
}
