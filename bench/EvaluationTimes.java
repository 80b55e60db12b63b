import org.pathwayengine.designer.ScenarioRunner;
import org.pathwayengine.evaluation.Evaluator;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.RulesetLoader;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Whole evaluations in process: every scenario's learner of a rules directory, evaluated as the service evaluates
 * them (next steps included), one after another on one thread. After a warm-up, each round evaluates every
 * learner once; the figure is a round's total, and the output gives its median and minimum over the rounds.
 *
 * <pre>java -cp "target/quarkus-app/app/*:target/quarkus-app/lib/boot/*:target/quarkus-app/lib/main/*" \
 *     bench/EvaluationTimes.java rules [rounds]</pre>
 */
public class EvaluationTimes {

    public static void main(String[] args) {
        // As in the service, whose logging configuration keeps libraries at INFO and above: with none, every
        // logger is at ALL and Drools formats a trace line per fact and firing (the baseline gets the same).
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Path dir = Path.of(args.length > 0 ? args[0] : "rules");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        RulesetLoader.Outcome loaded = new RulesetLoader(EvaluationTimes.class.getClassLoader()).load(dir);
        if (!loaded.ok()) {
            loaded.errors().forEach(System.err::println);
            System.exit(1);
        }
        Ruleset ruleset = loaded.ruleset();
        List<ScenarioRunner.ScenarioLearner> learners = ScenarioRunner.learners(ruleset);
        Evaluator evaluator = new Evaluator(Clock.systemUTC());
        long warmUntil = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < warmUntil) {
            learners.forEach(l -> evaluator.evaluate(ruleset, l.request()));
        }
        List<Double> totals = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            learners.forEach(l -> evaluator.evaluate(ruleset, l.request()));
            totals.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(totals);
        double median = totals.get(totals.size() / 2);
        System.out.printf("learners %d, rounds %d, round median %.1f ms (%.2f ms per evaluation), min %.1f ms%n",
                learners.size(), rounds, median, median / learners.size(), totals.get(0));
    }
}
