package org.pathwayengine.service;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real service processes (the packaged application, as deployed) against one PostgreSQL: the first starts the
 * re-check job of the rules it serves and is killed mid-way (SIGKILL, as a node failure would); the second, serving
 * the same rules, joins the same job, finishes what was never claimed and, after the claim timeout, the chunk the
 * first held when it died. Every learner is re-checked; only that one chunk may have been evaluated twice.
 * Runs in {@code ./mvnw verify} after the unit tests (it needs target/quarkus-app and uses pathways_test).
 */
class RecheckProcessesIT {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/pathways_test";
    private static final int LEARNERS = 1500;
    private static final int CHUNK = 20;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
    }

    private static Connection db() throws Exception {
        return DriverManager.getConnection(URL, "postgres", "");
    }

    private Process start(Path rules, Path log) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=0", "-Dpathways.rules.dir=" + rules, "-Dpathways.rules.watch.enabled=false",
                "-Dquarkus.datasource.jdbc.url=" + URL, "-Dquarkus.datasource.username=postgres",
                "-Dmp.jwt.verify.publickey.location=file:" + Path.of("src/test/resources/auth/test-public.pem")
                        .toAbsolutePath(),
                "-Dmp.jwt.verify.issuer=https://test.pathwayengine.org", "-Dpathways.catch-up.enabled=false",
                "-Dpathways.recheck.chunk=" + CHUNK, "-Dpathways.recheck.interval=200ms",
                "-Dpathways.recheck.claim-timeout=5s",
                "-jar", "target/quarkus-app/quarkus-run.jar")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        return process;
    }

    private static long number(String sql, Object... args) throws Exception {
        try (Connection db = db(); PreparedStatement q = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                q.setObject(i + 1, args[i]);
            }
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getLong(1) : -1;
            }
        }
    }

    private static void until(String what, int seconds, BooleanSupplier done) throws InterruptedException {
        long end = System.currentTimeMillis() + seconds * 1000L;
        while (!done.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("waited %d s for %s", seconds, what).isLessThan(end);
            Thread.sleep(200);
        }
    }

    private static BooleanSupplier query(String sql) {
        return () -> {
            try {
                return number(sql) > 0;
            } catch (Exception e) {
                return false; // the schema may not be migrated yet
            }
        };
    }

    @Test
    void a_second_instance_finishes_the_job_of_one_that_died_mid_way() throws Exception {
        assertThat(new File("target/quarkus-app/quarkus-run.jar")).as("the packaged application").exists();
        Path rules = Files.createTempDirectory("pathways-it-rules-");
        ReloadFixtures.retitle(rules, " (" + UUID.randomUUID() + ")"); // a version no earlier job has
        try (Connection db = db(); Statement s = db.createStatement()) {
            s.executeUpdate("DELETE FROM recheck_job");
            s.executeUpdate("DELETE FROM learner");
            s.executeUpdate("DELETE FROM evaluation_record WHERE of_record");
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO learner (id, version, created_at,"
                    + " updated_at, held) VALUES (?, 1, now(), now(), CAST(? AS jsonb))")) {
                for (int i = 0; i < LEARNERS; i++) {
                    insert.setString(1, String.format("it-%05d", i));
                    insert.setString(2, "[{\"code\":\"AIL-TK-101\",\"awarded\":\"2026-06-01\"},{\"code\":\"AIL-PU-110\","
                            + "\"awarded\":\"2026-06-01\"}" + (i % 2 == 0 ? ",{\"code\":\"AIL-EA-140\",\"awarded\":"
                            + "\"2026-06-01\"}" : "") + "]");
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        Path logs = Files.createTempDirectory("pathways-it-logs-");

        Process first = start(rules, logs.resolve("first.log"));
        until("the first instance to re-check some learners", 240,
                query("SELECT count(*) FROM recheck_item i JOIN recheck_job j ON j.id = i.job_id"
                        + " WHERE j.state = 'RUNNING' AND i.done_at IS NOT NULL"));
        first.destroyForcibly().waitFor();
        long doneByFirst = number("SELECT count(*) FROM recheck_item WHERE done_at IS NOT NULL");
        assertThat(doneByFirst).as("killed mid-way").isPositive().isLessThan(LEARNERS);

        start(rules, logs.resolve("second.log"));
        until("the job to finish", 300, query("SELECT count(*) FROM recheck_job WHERE state = 'DONE'"));

        assertThat(number("SELECT total FROM recheck_job")).isEqualTo(LEARNERS);
        assertThat(number("SELECT done FROM recheck_job")).isEqualTo(LEARNERS);
        assertThat(number("SELECT count(*) FROM recheck_item WHERE done_at IS NULL")).isZero();
        assertThat(number("SELECT count(DISTINCT claimed_by) FROM recheck_item"))
                .as("both instances signed claims").isEqualTo(2);
        // Every learner re-checked; twice at most for the chunk the first held when it died.
        assertThat(number("SELECT count(*) FROM learner l WHERE NOT EXISTS (SELECT 1 FROM evaluation_record e"
                + " WHERE e.of_record AND e.learner = l.id)")).isZero();
        assertThat(number("SELECT count(*) FROM (SELECT learner FROM evaluation_record WHERE of_record GROUP BY"
                + " learner HAVING count(*) > 1) twice")).isLessThanOrEqualTo(CHUNK);
        // Half the learners hold the whole award: the job found each of them eligible, once.
        assertThat(number("SELECT count(DISTINCT learner_id) FROM recheck_change WHERE qualification ="
                + " 'AI-LIT-AWARD' AND to_status = 'ELIGIBLE'")).isEqualTo(LEARNERS / 2);
        assertThat(Files.readString(logs.resolve("second.log"))).doesNotContain(" ERROR ");
    }
}
