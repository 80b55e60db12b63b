import org.pathwayengine.catalog.Microcredential;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.RulesetLoader;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A population of stored learners for the re-check benchmark (issue 12): replaces every learner record in a
 * database with COUNT learners holding 5 to 40 credentials each, drawn from a rules directory's catalog with a fixed
 * seed, awarded in the 30 months before 2026-11-01, as PUT /api/v1/learners/{id} would store them.
 *
 * <pre>java -cp "target/quarkus-app/app/*:target/quarkus-app/lib/boot/*:target/quarkus-app/lib/main/*" \
 *     bench/Learners.java RULES_DIR COUNT JDBC_URL</pre>
 */
public class Learners {

    public static void main(String[] args) throws Exception {
        Ruleset ruleset = new RulesetLoader(Learners.class.getClassLoader()).load(Path.of(args[0])).ruleset();
        int count = Integer.parseInt(args[1]);
        List<Microcredential> catalog = new ArrayList<>(ruleset.catalog().microcredentials().values());
        Random random = new Random(20261203);
        LocalDate asOf = LocalDate.of(2026, 11, 1);
        try (Connection db = DriverManager.getConnection(args[2], "postgres", "")) {
            db.setAutoCommit(false);
            try (var clear = db.createStatement()) {
                clear.executeUpdate("DELETE FROM recheck_job");
                clear.executeUpdate("DELETE FROM learner");
                clear.executeUpdate("DELETE FROM evaluation_record WHERE of_record");
            }
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO learner (id, version, created_at,"
                    + " updated_at, held) VALUES (?, 1, now(), now(), CAST(? AS jsonb))")) {
                for (int n = 0; n < count; n++) {
                    int size = 5 + random.nextInt(36);
                    int[] picked = random.ints(0, catalog.size()).distinct().limit(Math.min(size, catalog.size()))
                            .toArray();
                    Arrays.sort(picked);
                    StringBuilder held = new StringBuilder("[");
                    for (int i : picked) {
                        Microcredential m = catalog.get(i);
                        var scale = ruleset.catalog().scaleOf(m);
                        held.append(held.length() > 1 ? "," : "").append("{\"code\":\"").append(m.code())
                                .append("\",\"awarded\":\"").append(asOf.minusDays(random.nextInt(900))).append('"');
                        if (scale != null) {
                            held.append(",\"grade\":\"").append(scale.grades().get(random.nextInt(
                                    scale.grades().size()))).append("\",\"mark\":").append(40 + random.nextInt(55));
                        }
                        held.append('}');
                    }
                    insert.setString(1, String.format("bench-%06d", n));
                    insert.setString(2, held.append(']').toString());
                    insert.addBatch();
                    if (n % 1000 == 999) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            db.commit();
        }
        System.out.printf("stored %d learners on the catalog of %s (%d credentials, %d qualifications)%n", count,
                args[0], catalog.size(), ruleset.awards().size());
    }
}
