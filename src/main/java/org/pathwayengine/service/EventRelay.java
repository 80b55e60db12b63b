package org.pathwayengine.service;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes the outbox's events to RabbitMQ, oldest first: one instance at a time (an advisory lock, so events go
 * out in the order they were written) claims a batch, publishes it with publisher confirms, and marks it sent in the
 * same transaction once the broker confirmed every message. While the broker is down the events wait in the outbox and the relay
 * tries again at every interval; nothing is lost. Each event keeps its id however often it is published: a crash
 * between the broker's confirm and the commit publishes it once more with the same id (the CloudEvents id and the
 * AMQP message-id), which consumers use to drop the repeat.
 *
 * <p>Events go to a durable topic exchange ({@code pathways.events.exchange}, routing key the event type). The
 * connection settings are the ones the RabbitMQ connector reads for incoming LMS messages ({@code rabbitmq-host},
 * {@code rabbitmq-port}, {@code rabbitmq-username}, {@code rabbitmq-password}, {@code rabbitmq-virtual-host}).
 * The relay publishes directly with the RabbitMQ client rather than through a messaging emitter: an emitter queues
 * messages while it reconnects and would send one the relay had already given up on, a second time.
 */
@ApplicationScoped
public class EventRelay {

    private static final Logger LOG = Logger.getLogger(EventRelay.class);
    private static final int BATCH = 200;
    /** The advisory lock key the relaying instance holds ("pwevents"). */
    private static final long RELAY_LOCK = 0x7077_6576_656e_7473L;

    private final Database database;
    private final boolean enabled;
    private final Duration interval;
    private final Duration confirmWithin;
    private final Duration keepSent;
    private final String exchange;
    private final ConnectionFactory factory = new ConnectionFactory();
    private final Counter published;
    private final AtomicLong unsent = new AtomicLong();
    private final ScheduledExecutorService worker = Workers.single("event-relay");
    private Connection connection;
    private Channel channel;
    private Instant lastPrune = Instant.EPOCH;
    private volatile String lastFailure;

    public EventRelay(Database database, MeterRegistry meters,
                      @ConfigProperty(name = "pathways.events.enabled", defaultValue = "false") boolean enabled,
                      @ConfigProperty(name = "pathways.events.relay-interval", defaultValue = "1s") Duration interval,
                      @ConfigProperty(name = "pathways.events.confirm-within", defaultValue = "10s")
                      Duration confirmWithin,
                      @ConfigProperty(name = "pathways.events.keep-sent", defaultValue = "P7D") Duration keepSent,
                      @ConfigProperty(name = "pathways.events.exchange", defaultValue = "pathways.events")
                      String exchange,
                      @ConfigProperty(name = "rabbitmq-host", defaultValue = "localhost") String host,
                      @ConfigProperty(name = "rabbitmq-port", defaultValue = "5672") int port,
                      @ConfigProperty(name = "rabbitmq-username", defaultValue = "guest") String username,
                      @ConfigProperty(name = "rabbitmq-password", defaultValue = "guest") String password,
                      @ConfigProperty(name = "rabbitmq-virtual-host", defaultValue = "/") String virtualHost) {
        this.database = database;
        this.enabled = enabled;
        this.interval = interval;
        this.confirmWithin = confirmWithin;
        this.keepSent = keepSent;
        this.exchange = exchange;
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setVirtualHost(virtualHost);
        factory.setConnectionTimeout(5_000);
        factory.setHandshakeTimeout(5_000);
        // The relay reconnects itself at its next run; the client's own recovery would replay in the background.
        factory.setAutomaticRecoveryEnabled(false);
        published = Counter.builder("pathways.events.published").description("Events the broker confirmed")
                .register(meters);
        Gauge.builder("pathways.events.unsent", unsent, AtomicLong::get)
                .description("Events in the outbox not yet confirmed by the broker, at the relay's last run")
                .register(meters);
    }

    void start(@Observes StartupEvent event) {
        if (enabled) {
            worker.scheduleWithFixedDelay(this::run, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            LOG.info("Events are off (pathways.events.enabled=false): status events wait in the outbox table and LMS"
                    + " messages are not read");
        }
    }

    void stop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
        disconnect();
    }

    /** Whether events are published at all; without it they wait in the outbox. */
    public boolean enabled() {
        return enabled;
    }

    /** Why the last attempt to publish failed, or null when it succeeded. */
    public String lastFailure() {
        return lastFailure;
    }

    private void run() {
        try {
            publishPending();
        } catch (RuntimeException e) {
            LOG.warnf("Event relay run failed: %s", e.toString());
        }
    }

    /**
     * Publishes what waits in the outbox until it is empty or the broker fails; returns how many events the broker
     * confirmed. Safe to call from several threads and instances at once.
     */
    public synchronized int publishPending() {
        if (!enabled || !database.ready()) {
            return 0;
        }
        int total = 0;
        while (true) {
            Batch batch = QuarkusTransaction.requiringNew().call(this::publishBatch);
            total += batch.confirmed();
            if (batch.failure() != null || batch.claimed() < BATCH) {
                break;
            }
        }
        pruneSent();
        unsent.set(QuarkusTransaction.requiringNew().call(() -> ((Number) EvaluationRecord.getEntityManager()
                .createNativeQuery("SELECT count(*) FROM event_outbox WHERE sent_at IS NULL").getSingleResult())
                .longValue()));
        return total;
    }

    private record Batch(int claimed, int confirmed, String failure) {
    }

    private Batch publishBatch() {
        EntityManager em = EvaluationRecord.getEntityManager();
        // One relay at a time across instances (until this transaction ends), so that events go out in the order
        // they were written: a second instance publishing later rows meanwhile could overtake the first.
        if (!Boolean.TRUE.equals(em.createNativeQuery("SELECT pg_try_advisory_xact_lock(:key)")
                .setParameter("key", RELAY_LOCK).getSingleResult())) {
            return new Batch(0, 0, null);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT seq, CAST(id AS text), type, CAST(event AS text) FROM"
                + " event_outbox WHERE sent_at IS NULL ORDER BY seq LIMIT :n FOR UPDATE SKIP LOCKED")
                .setParameter("n", BATCH).getResultList();
        if (rows.isEmpty()) {
            return new Batch(0, 0, null);
        }
        List<Long> seqs = new ArrayList<>();
        String failure = null;
        try {
            Channel out = channel();
            for (Object[] row : rows) {
                AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                        .messageId((String) row[1])
                        .type((String) row[2])
                        .contentType("application/cloudevents+json")
                        .contentEncoding("utf-8")
                        .deliveryMode(2)
                        .timestamp(new Date())
                        .headers(Map.of("sequence", ((Number) row[0]).longValue()))
                        .build();
                out.basicPublish(exchange, (String) row[2], properties,
                        ((String) row[3]).getBytes(StandardCharsets.UTF_8));
                seqs.add(((Number) row[0]).longValue());
            }
            out.waitForConfirmsOrDie(confirmWithin.toMillis());
        } catch (Exception e) {
            failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            disconnect();
        }
        if (failure == null) {
            em.createNativeQuery("UPDATE event_outbox SET sent_at = :at, attempts = attempts + 1, last_error = NULL"
                    + " WHERE seq IN (:seqs)").setParameter("at", Instant.now()).setParameter("seqs", seqs)
                    .executeUpdate();
            published.increment(seqs.size());
            if (lastFailure != null) {
                LOG.infof("Event relay: the broker answers again; %d events published", seqs.size());
            }
            lastFailure = null;
            return new Batch(rows.size(), seqs.size(), null);
        }
        // Nothing of the batch is known to have arrived: all of it stays unsent, to be published again.
        List<Long> claimed = rows.stream().map(r -> ((Number) r[0]).longValue()).toList();
        em.createNativeQuery("UPDATE event_outbox SET attempts = attempts + 1, last_error = :error WHERE seq IN"
                        + " (:seqs)").setParameter("error", failure.length() > 500 ? failure.substring(0, 500) : failure)
                .setParameter("seqs", claimed).executeUpdate();
        if (lastFailure == null) {
            LOG.warnf("Event relay: cannot publish to RabbitMQ (%s); events wait in the outbox", failure);
        }
        lastFailure = failure;
        return new Batch(rows.size(), 0, failure);
    }

    private Channel channel() throws Exception {
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        disconnect();
        connection = factory.newConnection("pathway-engine-events");
        channel = connection.createChannel();
        channel.exchangeDeclare(exchange, "topic", true);
        channel.confirmSelect();
        return channel;
    }

    private void disconnect() {
        try {
            if (connection != null && connection.isOpen()) {
                connection.abort(2_000);
            }
        } catch (RuntimeException e) {
            LOG.debugf("Closing the broker connection: %s", e.toString());
        }
        connection = null;
        channel = null;
    }

    /** Sent events are kept for a while (to see what went out), then removed; unsent ones never are. */
    private void pruneSent() {
        Instant now = Instant.now();
        if (Duration.between(lastPrune, now).compareTo(Duration.ofMinutes(10)) < 0) {
            return;
        }
        lastPrune = now;
        QuarkusTransaction.requiringNew().call(() -> EvaluationRecord.getEntityManager().createNativeQuery(
                "DELETE FROM event_outbox WHERE sent_at < :before").setParameter("before", now.minus(keepSent))
                .executeUpdate());
    }
}
