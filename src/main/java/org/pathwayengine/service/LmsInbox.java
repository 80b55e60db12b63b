package org.pathwayengine.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.rabbitmq.RabbitMQRejectMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;
import org.pathwayengine.evaluation.HeldCredential;
import org.pathwayengine.evaluation.RequestJson;
import org.pathwayengine.problem.ProblemException;
import org.pathwayengine.problem.ProblemType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * "Credential awarded" and "credential revoked" messages from an LMS, as CloudEvents in structured mode:
 * {@code {"specversion":"1.0","id":…,"source":…,"type":"credential.awarded","data":{"learner":…,"credential":{…}}}}
 * or {@code "type":"credential.revoked","data":{"learner":…,"code":…}}. Each updates the learner's record, with
 * the message's source as the change's author, then evaluates the record, which announces any change of
 * eligibility as an event. A message is applied once: its (source, id) is stored in the write's transaction, and
 * the same pair again changes nothing. A message that can never be applied (not JSON, a field missing or invalid)
 * is rejected to the dead-letter queue; one that fails because the database is down goes back on the queue.
 */
@ApplicationScoped
public class LmsInbox {

    private static final Logger LOG = Logger.getLogger(LmsInbox.class);
    public static final String AWARDED = "credential.awarded";
    public static final String REVOKED = "credential.revoked";
    private static final ObjectReader JSON = RequestJson.mapper().reader();
    private static final ObjectReader CREDENTIAL = RequestJson.mapper().readerFor(HeldCredential.class);
    private static final Set<String> ATTRIBUTES = Set.of("specversion", "id", "source", "type", "subject", "time",
            "datacontenttype", "dataschema", "data");

    private final LearnerRecords records;
    private final EvaluationService evaluations;
    private final Validator validator;
    private final MeterRegistry meters;

    public LmsInbox(LearnerRecords records, EvaluationService evaluations, Validator validator, MeterRegistry meters) {
        this.records = records;
        this.evaluations = evaluations;
        this.validator = validator;
        this.meters = meters;
    }

    /** What became of a message. */
    public enum Outcome { APPLIED, UNCHANGED, DUPLICATE, REJECTED, RETRY }

    @Incoming("lms-credentials")
    @Blocking
    public CompletionStage<Void> receive(Message<Object> message) {
        Object payload = message.getPayload();
        String text = payload instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : String.valueOf(payload);
        Result result = apply(text);
        meters.counter("pathways.lms.messages", "outcome", result.outcome().name().toLowerCase()).increment();
        switch (result.outcome()) {
            case REJECTED:
                LOG.warnf("LMS message rejected to the dead-letter queue: %s", result.reason());
                return message.nack(new IllegalArgumentException(result.reason()),
                        Metadata.of(new RabbitMQRejectMetadata(false)));
            case RETRY:
                LOG.warnf("LMS message put back on the queue: %s", result.reason());
                pause(); // the database is down: do not spin on the same message
                return message.nack(new IllegalStateException(result.reason()),
                        Metadata.of(new RabbitMQRejectMetadata(true)));
            default:
                return message.ack();
        }
    }

    /** What became of a message and why. */
    public record Result(Outcome outcome, String reason) {
    }

    /** Applies one message given as JSON text (the queue's consumer, and tests, call this). */
    public Result apply(String text) {
        if (!records.kept()) {
            return new Result(Outcome.REJECTED, "no database is configured, so learner records are not kept");
        }
        Parsed parsed;
        try {
            parsed = parse(text);
        } catch (Invalid e) {
            return new Result(Outcome.REJECTED, e.getMessage());
        }
        String actor = "lms:" + parsed.source();
        LearnerRecords.Written written;
        try {
            written = parsed.type().equals(AWARDED)
                    ? records.put(parsed.learner(), parsed.credential(), LearnerRecords.Precondition.NONE, actor,
                    em -> first(em, parsed, "applied"))
                    : records.revoke(parsed.learner(), parsed.code(), LearnerRecords.Precondition.NONE, actor,
                    em -> first(em, parsed, "applied"));
        } catch (ProblemException e) {
            if (e.type() == ProblemType.NOT_FOUND) {
                // Revoking what the learner does not hold (or a learner without a record): nothing to change.
                return remember(parsed, "nothing to revoke: " + (e.getMessage().startsWith("no learner")
                        ? "the learner has no record" : "the learner does not hold " + parsed.code()));
            }
            if (e.type() == ProblemType.INVALID_REQUEST) {
                return new Result(Outcome.REJECTED, "data: " + e.getMessage());
            }
            return new Result(Outcome.RETRY, e.getMessage());
        }
        if (written == null) {
            return new Result(Outcome.DUPLICATE, "message " + parsed.id() + " from " + parsed.source()
                    + " was applied before");
        }
        if (written.changes().isEmpty() && !written.created()) {
            return new Result(Outcome.UNCHANGED, "the record already said so");
        }
        evaluations.reevaluate(parsed.learner());
        return new Result(Outcome.APPLIED, written.changes().size() + " change(s)");
    }

    /** Records a message that changed nothing, so that a repeat is known; a repeat of it is a duplicate too. */
    private Result remember(Parsed parsed, String outcome) {
        try {
            boolean first = QuarkusTransaction.requiringNew().call(() -> first(LearnerRow.getEntityManager(), parsed,
                    outcome));
            return first ? new Result(Outcome.UNCHANGED, outcome) : new Result(Outcome.DUPLICATE, "applied before");
        } catch (RuntimeException e) {
            return new Result(Outcome.RETRY, "the database did not answer");
        }
    }

    /** Stores the message's (source, id); false when it was stored before. */
    private static boolean first(EntityManager em, Parsed parsed, String outcome) {
        return em.createNativeQuery("INSERT INTO inbox_message (source, id, received_at, type, outcome) VALUES"
                        + " (:source, :id, :at, :type, :outcome) ON CONFLICT DO NOTHING")
                .setParameter("source", parsed.source()).setParameter("id", parsed.id())
                .setParameter("at", Instant.now()).setParameter("type", parsed.type())
                .setParameter("outcome", outcome).executeUpdate() == 1;
    }

    private record Parsed(String id, String source, String type, String learner, HeldCredential credential,
                          String code) {
    }

    private static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private Parsed parse(String text) throws Invalid {
        JsonNode event;
        try {
            event = JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new Invalid("the message is not JSON");
        }
        if (event == null || !event.isObject()) {
            throw new Invalid("the message is not a JSON object (a CloudEvent in structured mode)");
        }
        if (!"1.0".equals(event.path("specversion").asText(null))) {
            throw new Invalid("specversion: must be \"1.0\"");
        }
        for (Iterator<String> names = event.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!ATTRIBUTES.contains(name) && !name.matches("[a-z0-9]{1,20}")) {
                throw new Invalid(name + ": not a CloudEvents attribute");
            }
        }
        String id = text(event, "id", 200);
        String source = text(event, "source", 300);
        String type = text(event, "type", 100);
        if (!type.equals(AWARDED) && !type.equals(REVOKED)) {
            throw new Invalid("type: must be " + AWARDED + " or " + REVOKED + ", not " + type);
        }
        JsonNode data = event.path("data");
        if (!data.isObject()) {
            throw new Invalid("data: must be an object with learner and " + (type.equals(AWARDED) ? "credential"
                    : "code"));
        }
        for (Iterator<String> names = data.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of("learner", type.equals(AWARDED) ? "credential" : "code").contains(name)) {
                throw new Invalid("data." + name + ": unknown field");
            }
        }
        String learner = text(data, "learner", 200);
        if (type.equals(REVOKED)) {
            return new Parsed(id, source, type, learner, null, text(data, "code", 80));
        }
        if (!data.path("credential").isObject()) {
            throw new Invalid("data.credential: must be an object (a held credential, as in the API)");
        }
        HeldCredential credential;
        try {
            credential = CREDENTIAL.readValue(data.get("credential"));
        } catch (java.io.IOException e) {
            String detail = e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u
                    ? u.getPropertyName() + ": unknown field" : "not a held credential";
            throw new Invalid("data.credential: " + detail);
        }
        List<ConstraintViolation<HeldCredential>> violations = validator.validate(credential).stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString())).toList();
        if (!violations.isEmpty()) {
            ConstraintViolation<HeldCredential> v = violations.get(0);
            throw new Invalid("data.credential." + v.getPropertyPath() + ": " + v.getMessage());
        }
        return new Parsed(id, source, type, learner, credential, credential.code());
    }

    private static String text(JsonNode node, String field, int most) throws Invalid {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty() || value.asText().length() > most) {
            throw new Invalid((node.has("specversion") ? "" : "data.") + field + ": must be a string of 1 to " + most
                    + " characters");
        }
        if (value.asText().chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw new Invalid(field + ": must not contain control characters");
        }
        return value.asText();
    }

    private static void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
