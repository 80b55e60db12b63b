package org.pathwayengine.service;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The database as the service sees it: evaluation works without it, so it is neither a reason to refuse to start
 * nor to leave the Service. The schema is migrated at startup and, if that fails, again every few seconds in the
 * background until it succeeds;
 * until then records are not kept ({@code recorded: false}) and the record endpoints answer 503. Its state is its
 * own health group ({@code /q/health/group/database}) and the gauge {@code pathways_database_up}.
 */
@ApplicationScoped
public class Database {

    private static final Logger LOG = Logger.getLogger(Database.class);
    /** How long a health probe or gauge waits for the database to confirm it answers. */
    private static final int PROBE_SECONDS = 2;

    private final boolean configured;
    private final Instance<Flyway> flyway;
    private final Instance<AgroalDataSource> dataSource;
    private final Duration retry;
    private volatile boolean migrated;
    private volatile String lastFailure = "the schema has not been checked yet";
    private final ScheduledExecutorService worker = Workers.single("database-migration");

    public Database(Instance<Flyway> flyway, Instance<AgroalDataSource> dataSource, MeterRegistry registry,
                    @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> url,
                    @ConfigProperty(name = "quarkus.datasource.active", defaultValue = "true") boolean active,
                    @ConfigProperty(name = "pathways.database.migration-retry", defaultValue = "5s") Duration retry) {
        this.configured = active && url.filter(u -> !u.isBlank()).isPresent();
        this.flyway = flyway;
        this.dataSource = dataSource;
        this.retry = retry;
        Gauge.builder("pathways.database.up", this, d -> d.answers() ? 1 : 0)
                .description("1 while the database answers and its schema is migrated, else 0")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (configured) {
            // The first attempt on the startup thread, bounded by the connection timeouts, so that a database that
            // is up records from the first request; later attempts in the background.
            migrate();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
    }

    /** Whether a database is configured at all (the service also runs without one, as a stateless sidecar). */
    public boolean configured() {
        return configured;
    }

    /** Whether records can be kept now: a database is configured and its schema is in place. */
    public boolean ready() {
        return configured && migrated;
    }

    /**
     * Refuses, as a 503 problem, what needs the database when there is none or it is not ready.
     *
     * @param withoutOne what the caller cannot do without a database, for the problem's detail
     */
    public void require(String withoutOne) {
        if (!configured) {
            throw new org.pathwayengine.problem.ProblemException(
                    org.pathwayengine.problem.ProblemType.DATABASE_UNAVAILABLE, "no database is configured, so "
                    + withoutOne);
        }
        if (!ready()) {
            throw new org.pathwayengine.problem.ProblemException(
                    org.pathwayengine.problem.ProblemType.DATABASE_UNAVAILABLE, notReadyReason() + "; try again");
        }
    }

    /** Why records cannot be kept now, for answers and problems. */
    public String notReadyReason() {
        return !configured ? "no database is configured"
                : "the database is not ready (" + lastFailure + ")";
    }

    private void migrate() {
        try {
            flyway.get().migrate();
            migrated = true;
            LOG.info("Database schema is up to date; evaluations are recorded");
        } catch (RuntimeException e) {
            lastFailure = "its schema could not be migrated: " + rootMessage(e);
            LOG.warnf("Database not ready, evaluations are not recorded; trying again in %d s: %s",
                    retry.toSeconds(), rootMessage(e));
            worker.schedule(this::migrate, Math.max(1, retry.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    /** Asks the database, briefly, whether it answers. */
    boolean answers() {
        if (!ready()) {
            return false;
        }
        try (Connection c = dataSource.get().getConnection()) {
            return c.isValid(PROBE_SECONDS);
        } catch (Exception e) {
            return false;
        }
    }

    /** The first line of the outermost message there is: "Unable to obtain connection from database: ...". */
    private static String rootMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage().strip().lines().findFirst().orElse("").strip();
            }
        }
        return e.getClass().getSimpleName();
    }

    /** The database's own health, outside readiness: evaluation does not need it. */
    @HealthGroup("database")
    @ApplicationScoped
    public static class Health implements HealthCheck {

        private final Database database;

        public Health(Database database) {
            this.database = database;
        }

        @Override
        public HealthCheckResponse call() {
            if (!database.configured()) {
                return HealthCheckResponse.named("database").up().withData("configured", false).build();
            }
            // Through methods only: this is a client proxy, whose fields are not the bean's.
            boolean up = database.answers();
            return HealthCheckResponse.named("database").status(up).withData("migrated", database.ready())
                    .withData("detail", up ? "answers" : database.ready() ? "does not answer"
                            : database.notReadyReason())
                    .build();
        }
    }
}
