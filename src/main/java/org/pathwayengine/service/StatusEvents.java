package org.pathwayengine.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.pathwayengine.evaluation.EvaluationResult;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Finds a learner's status changes as their record's evaluations are recorded, and writes one CloudEvent per change
 * to the outbox in the same transaction: {@code qualification.eligible} when a qualification becomes ELIGIBLE,
 * {@code qualification.no-longer-eligible} when it stops being. The learner's row is locked while the change is
 * found, so two evaluations recorded at once cannot both announce it, and an evaluation older than the one the
 * statuses came from (recorded late) changes nothing.
 */
@ApplicationScoped
public class StatusEvents {

    public static final String ELIGIBLE = "qualification.eligible";
    public static final String NO_LONGER_ELIGIBLE = "qualification.no-longer-eligible";
    private static final TypeReference<Map<String, String>> STATUSES = new TypeReference<>() {
    };

    private final ObjectMapper mapper;
    private final String source;

    public StatusEvents(ObjectMapper mapper,
                        @ConfigProperty(name = "pathways.events.source", defaultValue = "/pathway-engine")
                        String source) {
        this.mapper = mapper;
        this.source = source;
    }

    /**
     * Within the recording transaction: locks the learner's row, compares the answer's statuses with the learner's
     * current ones, and writes an event for each change of eligibility. Returns false when the learner's record no
     * longer exists.
     */
    boolean record(EntityManager em, String learner, EvaluationResult stored, Instant read)
            throws JsonProcessingException {
        @SuppressWarnings("unchecked")
        java.util.List<Object[]> rows = em.createNativeQuery("SELECT CAST(statuses AS text), statuses_at, updated_at"
                + " FROM learner WHERE id = :id FOR NO KEY UPDATE").setParameter("id", learner).getResultList();
        if (rows.isEmpty()) {
            return false;
        }
        Object[] row = rows.get(0);
        Instant since = row[1] == null ? null : LearnerRecords.instant(row[1]);
        if (since != null && stored.evaluatedAt().isBefore(since)) {
            return true; // a later evaluation already set the statuses
        }
        Instant changed = LearnerRecords.instant(row[2]);
        if (read != null && !micros(read).equals(micros(changed))) {
            return true; // the record changed after this evaluation read it: that change's evaluation decides
        }
        Map<String, String> before = row[0] == null ? Map.of() : mapper.readValue((String) row[0], STATUSES);
        Map<String, String> after = new LinkedHashMap<>();
        for (EvaluationResult.QualificationResult q : stored.qualifications()) {
            after.put(q.code(), q.status().name());
        }
        TreeSet<String> codes = new TreeSet<>(before.keySet());
        codes.addAll(after.keySet());
        for (String code : codes) {
            boolean was = "ELIGIBLE".equals(before.get(code));
            boolean is = "ELIGIBLE".equals(after.get(code));
            if (was != is) {
                write(em, learner, code, before.get(code), after.get(code), is ? ELIGIBLE : NO_LONGER_ELIGIBLE, stored);
            }
        }
        em.createNativeQuery("UPDATE learner SET statuses = CAST(:statuses AS jsonb), statuses_at = :at WHERE id = :id")
                .setParameter("statuses", mapper.writeValueAsString(after)).setParameter("at", stored.evaluatedAt())
                .setParameter("id", learner).executeUpdate();
        return true;
    }

    /** To the database's precision (microseconds), so a time read back compares equal to itself. */
    private static Instant micros(Instant t) {
        return t.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    private void write(EntityManager em, String learner, String qualification, String from, String to, String type,
                       EvaluationResult stored) throws JsonProcessingException {
        UUID id = UUID.randomUUID();
        ObjectNode event = mapper.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", id.toString());
        event.put("source", source);
        event.put("type", type);
        event.put("subject", qualification);
        event.put("time", stored.evaluatedAt().toString());
        event.put("datacontenttype", "application/json");
        ObjectNode data = event.putObject("data");
        data.put("learner", learner);
        data.put("qualification", qualification);
        stored.qualifications().stream().filter(q -> q.code().equals(qualification)).findFirst()
                .ifPresent(q -> data.put("title", q.title()));
        if (from != null) {
            data.put("from", from);
        }
        if (to != null) {
            data.put("to", to);
        }
        data.put("rulesetVersion", stored.rulesetVersion());
        data.put("evaluation", stored.id().toString());
        data.put("asOf", stored.asOf().toString());
        em.createNativeQuery("INSERT INTO event_outbox (id, created_at, type, learner_id, event) VALUES (:id, :at,"
                        + " :type, :learner, CAST(:event AS jsonb))")
                .setParameter("id", id).setParameter("at", Instant.now()).setParameter("type", type)
                .setParameter("learner", learner).setParameter("event", mapper.writeValueAsString(event))
                .executeUpdate();
    }
}
