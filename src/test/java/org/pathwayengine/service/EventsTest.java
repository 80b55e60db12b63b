package org.pathwayengine.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Status events and LMS messages against the sample rules, a real PostgreSQL and the machine's RabbitMQ: a change of
 * eligibility becomes one CloudEvent however often or concurrently the record is evaluated; events wait in the
 * outbox while the broker is down and each arrives once when it is back; incoming "awarded" and "revoked" messages
 * update the record once each, and one that can never be applied goes to the dead-letter queue.
 */
@QuarkusTest
@TestSecurity(user = "registrar-jo", roles = "admin")
class EventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Map<String, Object>> AWARD = List.of(held("AIL-TK-101"), held("AIL-PU-110"),
            held("AIL-EA-140"));

    @Inject
    EventRelay relay;
    @Inject
    LmsInbox inbox;
    @Inject
    StatusCatchUp catchUp;

    private Connection connection;
    private Channel channel;
    private String queue;

    private static Map<String, Object> held(String code) {
        return Map.of("code", code, "awarded", "2026-06-01");
    }

    private static String unique(String name) {
        return "ev-" + UUID.randomUUID().toString().substring(0, 8) + "-" + name;
    }

    /** A queue of this test's own, bound to everything the service publishes; durable, so it outlives a restart. */
    @BeforeEach
    void subscribe() throws Exception {
        connection = factory().newConnection();
        channel = connection.createChannel();
        channel.exchangeDeclare("pathways-test.events", "topic", true);
        queue = "events-test-" + UUID.randomUUID();
        channel.queueDeclare(queue, true, false, false, null);
        channel.queueBind(queue, "pathways-test.events", "#");
    }

    @AfterEach
    void unsubscribe() throws Exception {
        if (connection != null && connection.isOpen()) {
            channel.queueDelete(queue);
            connection.close();
        }
    }

    private static ConnectionFactory factory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        return factory;
    }

    /** Events read from the queue that were not asked for yet. */
    private final List<JsonNode> arrived = new ArrayList<>();

    private void drain() throws Exception {
        GetResponse message;
        while ((message = channel.basicGet(queue, true)) != null) {
            JsonNode event = JSON.readTree(new String(message.getBody(), StandardCharsets.UTF_8));
            assertThat(message.getProps().getContentType()).isEqualTo("application/cloudevents+json");
            assertThat(message.getProps().getMessageId()).isEqualTo(event.path("id").asText());
            arrived.add(event);
        }
    }

    private List<JsonNode> take(String learner) {
        List<JsonNode> out = arrived.stream().filter(e -> e.path("data").path("learner").asText().equals(learner))
                .toList();
        arrived.removeAll(out);
        return out;
    }

    /**
     * Every event about this learner that arrives once the outbox is relayed: waits up to 15 s for the expected
     * number, then a little longer for any more.
     */
    private List<JsonNode> received(String learner, int expected) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        long until = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < until) {
            relay.publishPending();
            drain();
            out.addAll(take(learner));
            if (out.size() >= expected) {
                Thread.sleep(300);
                relay.publishPending();
                drain();
                out.addAll(take(learner));
                return out;
            }
            Thread.sleep(100);
        }
        return out;
    }

    private static void put(String id, List<Map<String, Object>> held) {
        given().contentType(ContentType.JSON).body(Map.of("held", held)).put("/api/v1/learners/" + id)
                .then().statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(200),
                        org.hamcrest.Matchers.is(201)));
    }

    @Test
    void becoming_eligible_and_losing_it_are_announced_once_each() throws Exception {
        String id = unique("moves");
        put(id, AWARD); // the write is evaluated at once

        List<JsonNode> eligible = received(id, 1);
        assertThat(eligible).hasSize(1);
        JsonNode event = eligible.get(0);
        assertThat(event.path("specversion").asText()).isEqualTo("1.0");
        assertThat(event.path("type").asText()).isEqualTo("qualification.eligible");
        assertThat(event.path("source").asText()).isEqualTo("/pathway-engine");
        assertThat(event.path("subject").asText()).isEqualTo("AI-LIT-AWARD");
        JsonNode data = event.path("data");
        assertThat(data.path("qualification").asText()).isEqualTo("AI-LIT-AWARD");
        assertThat(data.path("to").asText()).isEqualTo("ELIGIBLE");
        assertThat(data.has("from")).isFalse(); // the learner's first evaluation
        // The evaluation it names is the recorded one, on the ruleset it names.
        String evaluation = data.path("evaluation").asText();
        given().get("/api/v1/evaluations/" + evaluation).then().statusCode(200)
                .body("rulesetVersion", org.hamcrest.Matchers.equalTo(data.path("rulesetVersion").asText()))
                .body("learner", org.hamcrest.Matchers.equalTo(id));

        // Evaluated again, alone and four at once: still eligible, nothing more to say.
        given().get("/api/v1/learners/" + id + "/evaluation").then().statusCode(200);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> all = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                all.add(pool.submit(() -> given().get("/api/v1/learners/" + id + "/evaluation").statusCode()));
            }
            for (Future<Integer> f : all) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(received(id, 0)).isEmpty();

        // A credential revoked: no longer eligible, announced once.
        given().delete("/api/v1/learners/" + id + "/credentials/AIL-EA-140").then().statusCode(200);
        List<JsonNode> lost = received(id, 1);
        assertThat(lost).extracting(e -> e.path("type").asText()).containsExactly("qualification.no-longer-eligible");
        assertThat(lost.get(0).path("data").path("from").asText()).isEqualTo("ELIGIBLE");
        assertThat(lost.get(0).path("data").path("to").asText()).isEqualTo("IN_PROGRESS");
    }

    @Test
    void an_evaluation_as_of_another_day_announces_nothing() throws Exception {
        String id = unique("asof");
        put(id, AWARD);
        assertThat(received(id, 1)).hasSize(1);
        // Before the credentials were awarded the learner was eligible for nothing; today's status stands.
        given().queryParam("asOf", "2020-01-01").get("/api/v1/learners/" + id + "/evaluation").then()
                .statusCode(200).body("qualifications.find { it.code == 'AI-LIT-AWARD' }.status",
                        org.hamcrest.Matchers.not("ELIGIBLE"));
        assertThat(received(id, 0)).isEmpty();
        given().get("/api/v1/learners/" + id + "/evaluation").then().statusCode(200);
        assertThat(received(id, 0)).isEmpty();
    }

    @Test
    void events_wait_in_the_outbox_while_the_broker_is_down_and_each_arrives_once() throws Exception {
        List<String> learners = List.of(unique("down-a"), unique("down-b"), unique("down-c"));
        rabbit("stop_app");
        try {
            for (String id : learners) {
                put(id, AWARD);
            }
            assertThat(relay.publishPending()).isZero();
            assertThat(relay.lastFailure()).isNotNull();
            List<Object[]> waiting = QuarkusTransaction.requiringNew().call(() -> {
                @SuppressWarnings("unchecked")
                List<Object[]> rows = EvaluationRecord.getEntityManager().createNativeQuery("SELECT attempts,"
                                + " last_error FROM event_outbox WHERE sent_at IS NULL AND learner_id IN (:ids)")
                        .setParameter("ids", learners).getResultList();
                return rows;
            });
            assertThat(waiting).hasSize(3);
            assertThat(waiting).allSatisfy(r -> {
                assertThat(((Number) r[0]).intValue()).isPositive();
                assertThat((String) r[1]).isNotBlank();
            });
            relay.publishPending(); // a second failed attempt changes nothing
        } finally {
            rabbit("start_app");
        }
        connection = factory().newConnection(); // the broker restarted: this test's durable queue is still there
        channel = connection.createChannel();
        List<JsonNode> all = new ArrayList<>();
        for (String id : learners) {
            all.addAll(received(id, 1));
        }
        assertThat(all).hasSize(3);
        assertThat(all).extracting(e -> e.path("data").path("learner").asText())
                .containsExactlyInAnyOrderElementsOf(learners);
        assertThat(all).extracting(e -> e.path("id").asText()).doesNotHaveDuplicates();
        assertThat(relay.lastFailure()).isNull();
    }

    private static void rabbit(String command) throws Exception {
        Process process = new ProcessBuilder("rabbitmqctl", command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("rabbitmqctl %s: %s", command, output).isZero();
        if (command.equals("start_app")) {
            new ProcessBuilder("rabbitmqctl", "await_startup").start().waitFor();
        }
    }

    private void publish(String body) throws Exception {
        channel.basicPublish("pathways-test.lms", "credential.awarded", new AMQP.BasicProperties.Builder()
                .contentType("application/cloudevents+json").build(), body.getBytes(StandardCharsets.UTF_8));
    }

    private static String awarded(String messageId, String learner, String code) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + messageId + "\",\"source\":\"https://lms.example.ac.uk\","
                + "\"type\":\"credential.awarded\",\"data\":{\"learner\":\"" + learner + "\",\"credential\":{\"code\":\""
                + code + "\",\"awarded\":\"2026-06-01\"}}}";
    }

    private static List<String> changes(String learner) {
        return given().get("/api/v1/learners/" + learner + "/changes").then().statusCode(200).extract().jsonPath()
                .getList("kind");
    }

    @Test
    void lms_messages_from_the_queue_update_the_record_once_each() throws Exception {
        String id = unique("lms");
        String first = UUID.randomUUID().toString();
        publish(awarded(first, id, "AIL-TK-101"));
        publish(awarded(UUID.randomUUID().toString(), id, "AIL-PU-110"));
        publish(awarded(first, id, "AIL-TK-101")); // the same message delivered again
        publish(awarded(UUID.randomUUID().toString(), id, "AIL-EA-140"));

        long until = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < until && given().get("/api/v1/learners/" + id).statusCode() != 200
                || given().get("/api/v1/learners/" + id).jsonPath().getInt("held.size()") < 3) {
            assertThat(System.currentTimeMillis()).as("the messages were applied within 20 s").isLessThan(until);
            Thread.sleep(100);
        }
        Thread.sleep(500);
        assertThat(changes(id)).containsExactly("ADDED", "ADDED", "ADDED");
        given().get("/api/v1/learners/" + id).then().body("held.code",
                org.hamcrest.Matchers.contains("AIL-TK-101", "AIL-PU-110", "AIL-EA-140"));
        List<String> actors = given().get("/api/v1/learners/" + id + "/changes").jsonPath().getList("actor");
        assertThat(actors).containsOnly("lms:https://lms.example.ac.uk");
        // The third credential completed the award: the record was evaluated and the LMS told.
        assertThat(received(id, 1)).extracting(e -> e.path("type").asText())
                .containsExactly("qualification.eligible");
    }

    @Test
    void each_kind_of_lms_message_has_its_outcome() throws Exception {
        String id = unique("outcomes");
        String message = awarded("m-" + UUID.randomUUID(), id, "AIL-TK-101");
        assertThat(inbox.apply(message).outcome()).isEqualTo(LmsInbox.Outcome.APPLIED);
        assertThat(inbox.apply(message).outcome()).isEqualTo(LmsInbox.Outcome.DUPLICATE);
        // Another message saying the same: recorded, nothing changes.
        assertThat(inbox.apply(awarded("m-" + UUID.randomUUID(), id, "AIL-TK-101")).outcome())
                .isEqualTo(LmsInbox.Outcome.UNCHANGED);

        String revoke = "{\"specversion\":\"1.0\",\"id\":\"r-" + UUID.randomUUID() + "\",\"source\":\"lms\","
                + "\"type\":\"credential.revoked\",\"data\":{\"learner\":\"" + id + "\",\"code\":\"AIL-TK-101\"}}";
        assertThat(inbox.apply(revoke).outcome()).isEqualTo(LmsInbox.Outcome.APPLIED);
        assertThat(inbox.apply(revoke).outcome()).isEqualTo(LmsInbox.Outcome.DUPLICATE);
        assertThat(changes(id)).containsExactly("ADDED", "REVOKED");
        // Revoking again under a new id: nothing held to revoke, and said so.
        LmsInbox.Result again = inbox.apply(revoke.replace("\"r-", "\"r2-"));
        assertThat(again.outcome()).isEqualTo(LmsInbox.Outcome.UNCHANGED);
        assertThat(again.reason()).contains("does not hold AIL-TK-101");

        // Messages that can never be applied, each with the field and the reason.
        assertThat(inbox.apply("not json").reason()).isEqualTo("the message is not JSON");
        assertThat(inbox.apply(message.replace("\"specversion\":\"1.0\",", "")).reason()).startsWith("specversion");
        assertThat(inbox.apply(message.replace("credential.awarded", "credential.lost")).reason())
                .startsWith("type: must be credential.awarded or credential.revoked");
        assertThat(inbox.apply(message.replace("\"awarded\":\"2026-06-01\"", "\"awarded\":\"yesterday\"")).reason())
                .startsWith("data.credential");
        assertThat(inbox.apply(message.replace("\"awarded\":\"2026-06-01\"", "\"awarded\":\"2026-06-01\","
                + "\"mark\":-5")).reason()).startsWith("data.credential.mark");
        assertThat(inbox.apply(message.replace("\"learner\":\"" + id + "\"", "\"learner\":\"\"")).reason())
                .startsWith("data.learner");
        for (String bad : List.of("not json", message.replace("AIL-TK-101", "AIL TK"),
                message.replace("\"data\":{", "\"data\":{\"grade\":\"A\","))) {
            assertThat(inbox.apply(bad).outcome()).as(bad).isEqualTo(LmsInbox.Outcome.REJECTED);
        }
    }

    @Test
    void an_lms_message_that_can_never_apply_goes_to_the_dead_letter_queue() throws Exception {
        String marker = UUID.randomUUID().toString();
        publish("{\"specversion\":\"1.0\",\"id\":\"" + marker + "\",\"source\":\"lms\",\"type\":\"credential.lost\"}");
        long until = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < until) {
            GetResponse dead = channel.basicGet("pathways-test.lms-credentials.dlq", true);
            if (dead != null && new String(dead.getBody(), StandardCharsets.UTF_8).contains(marker)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the message did not reach the dead-letter queue in 20 s");
    }

    @Test
    void a_record_whose_write_was_not_evaluated_is_caught_up_and_announced() throws Exception {
        String id = unique("late");
        put(id, AWARD);
        assertThat(received(id, 1)).hasSize(1);
        // As if the write's own evaluation had failed (the database gone between the two) a minute ago: the
        // record changed after its statuses were set.
        QuarkusTransaction.requiringNew().run(() -> EvaluationRecord.getEntityManager().createNativeQuery(
                        "UPDATE learner SET statuses = '{}'::jsonb, statuses_at = now() - interval '2 minutes',"
                                + " updated_at = now() - interval '1 minute' WHERE id = :id")
                .setParameter("id", id).executeUpdate());
        int before = given().get("/api/v1/learners/" + id + "/evaluations").jsonPath().getList("evaluation").size();
        while (catchUp.run() > 0) {
            // other tests' stale records too, a batch at a time
        }
        assertThat(given().get("/api/v1/learners/" + id + "/evaluations").jsonPath().getList("evaluation"))
                .hasSize(before + 1);
        assertThat(received(id, 1)).extracting(e -> e.path("type").asText())
                .containsExactly("qualification.eligible");
        assertThat(catchUp.run()).isZero(); // caught up
    }

    @Test
    void deleting_a_learner_removes_their_events() throws Exception {
        String id = unique("forget");
        put(id, AWARD);
        given().delete("/api/v1/learners/" + id).then().statusCode(200)
                .body("events", org.hamcrest.Matchers.equalTo(1));
        long left = QuarkusTransaction.requiringNew().call(() -> ((Number) EvaluationRecord.getEntityManager()
                .createNativeQuery("SELECT count(*) FROM event_outbox WHERE learner_id = :id").setParameter("id", id)
                .getSingleResult()).longValue());
        assertThat(left).isZero();
    }
}
