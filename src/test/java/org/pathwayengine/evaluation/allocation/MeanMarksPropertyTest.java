package org.pathwayengine.evaluation.allocation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Leaves that ask for an average mark, against an exhaustive oracle over every placement (each credential in one
 * of its leaves, or in none): whether the tree can be met must agree exactly, whatever a leaf counts must keep its
 * average, and when the tree cannot be met the effort reported is never below the true least.
 */
class MeanMarksPropertyTest {

    private static final long SEED = 20261203L;
    private static final int PROBLEMS = 2_000;

    @Test
    void average_mark_leaves_are_met_exactly_when_some_placement_meets_them() {
        Random seeds = new Random(SEED);
        Allocator allocator = new Allocator(1_000_000);
        int satisfied = 0;
        int ruledOut = 0;
        int averageDecided = 0;
        for (int i = 0; i < PROBLEMS; i++) {
            long seed = seeds.nextLong();
            Random rnd = new Random(seed);
            int leafCount = 2 + rnd.nextInt(3);
            List<ReqNode> leaves = new ArrayList<>();
            for (int l = 0; l < leafCount; l++) {
                leaves.add(new ReqNode.Leaf("l" + l, l, 1 + rnd.nextInt(3), Double.POSITIVE_INFINITY,
                        1 + rnd.nextInt(9), false));
            }
            ReqNode root = rnd.nextInt(3) == 0
                    ? new ReqNode.AtLeast("root", 1 + rnd.nextInt(leafCount - 1), leaves)
                    : new ReqNode.AllOf("root", leaves);
            int credentials = 1 + rnd.nextInt(5);
            double[] marks = new double[credentials];
            for (int c = 0; c < credentials; c++) {
                marks[c] = rnd.nextInt(8) == 0 ? Double.NaN : 30 + 10 * rnd.nextInt(7);
            }
            List<Edge> edges = new ArrayList<>();
            for (int c = 0; c < credentials; c++) {
                for (int l = 0; l < leafCount; l++) {
                    if (rnd.nextInt(2) == 0) {
                        edges.add(new Edge(c, l, 1 + rnd.nextInt(2)));
                    }
                }
            }
            List<MeanMark> means = new ArrayList<>();
            for (int l = 0; l < leafCount; l++) {
                if (l == 0 || rnd.nextInt(3) == 0) {
                    means.add(new MeanMark(l, 40 + 5 * rnd.nextInt(6), marks));
                }
            }
            AllocationProblem problem = new AllocationProblem(root, credentials, edges, means);
            String where = "problem #" + i + " (seed " + seed + "L): " + problem;

            Allocation result = allocator.allocate(problem);
            double[] best = best(problem);
            boolean metIgnoringMarks = allocator.allocate(new AllocationProblem(root, credentials, edges)).satisfied();

            assertThat(result.exact()).as(where).isTrue();
            assertThat(result.satisfied()).as(where).isEqualTo(best[0] > 0);
            assertThat(allocator.satisfiable(problem)).as(where + " satisfiable").isEqualTo(best[0] > 0);
            // The quick bound may only rule out what cannot be satisfied.
            if (!new OptimisticBound(problem.root()).mayHold(problem.candidates())) {
                assertThat(best[0] > 0).as(where + " ruled out by the optimistic bound").isFalse();
                ruledOut++;
            }
            if (result.satisfied()) {
                satisfied++;
                assertThat(result.remainingEffort()).as(where).isZero();
            } else {
                assertThat(result.remainingEffort()).as(where).isGreaterThanOrEqualTo(best[1] - 1e-6);
            }
            if (metIgnoringMarks != result.satisfied()) {
                averageDecided++;
            }
            consistent(problem, result, where);
        }
        // Guard against a generator whose problems never need what is tested.
        assertThat(satisfied).isBetween(PROBLEMS / 10, PROBLEMS * 9 / 10);
        assertThat(ruledOut).as("problems the optimistic bound rules out").isGreaterThan(PROBLEMS / 50);
        assertThat(averageDecided).as("problems the averages decide").isGreaterThan(PROBLEMS / 20);
    }

    @Test
    void a_low_mark_is_left_out_when_the_average_would_fall_below_what_is_asked() {
        // One leaf: 2 credentials averaging 50 or more; marks 80, 30 and 40. Only {80, 30} (55) and {80, 40} (60)
        // meet it; the first minimal set by marks is {80, 40}.
        ReqNode root = new ReqNode.AllOf("root", List.of(
                new ReqNode.Leaf("modules", 0, 2, Double.POSITIVE_INFINITY, 10, false)));
        double[] marks = {80, 30, 40};
        Allocation result = new Allocator(1000).allocate(new AllocationProblem(root, 3,
                List.of(new Edge(0, 0, 1), new Edge(1, 0, 1), new Edge(2, 0, 1)),
                List.of(new MeanMark(0, 50, marks))));
        assertThat(result.satisfied()).isTrue();
        assertThat(result.leafOf()).containsExactly(0, -1, 0);

        // Asking 65: no pair reaches it, and only the 80 can count without pulling the average down.
        Allocation higher = new Allocator(1000).allocate(new AllocationProblem(root, 3,
                List.of(new Edge(0, 0, 1), new Edge(1, 0, 1), new Edge(2, 0, 1)),
                List.of(new MeanMark(0, 65, marks))));
        assertThat(higher.satisfied()).isFalse();
        assertThat(higher.leafOf()).containsExactly(0, -1, -1);
        assertThat(higher.remainingEffort()).isEqualTo(10);
    }

    @Test
    void a_credits_average_weighs_each_mark_by_the_credits_it_counts() {
        // 30 credits averaging 63: A 20 credits at 75, B 10 at 40, C 20 at 50. A with C averages 62.5; A with B
        // averages 63.3 by credits (57.5 if each counted once), so A with B is the answer.
        ReqNode root = new ReqNode.AllOf("root", List.of(
                new ReqNode.Leaf("credits", 0, 30, Double.POSITIVE_INFINITY, 10, false)));
        Allocation result = new Allocator(1000).allocate(new AllocationProblem(root, 3,
                List.of(new Edge(0, 0, 20), new Edge(1, 0, 10), new Edge(2, 0, 20)),
                List.of(new MeanMark(0, 63, new double[] {75, 40, 50}))));
        assertThat(result.satisfied()).isTrue();
        assertThat(result.leafOf()).containsExactly(0, 0, -1);
    }

    @Test
    void a_placement_that_meets_the_average_is_exact_even_when_there_were_too_many_sets_to_try() {
        // 8 of 16 credentials averaging 70: thousands of minimal sets, far more than are tried, but the first meets it.
        List<Edge> edges = new java.util.ArrayList<>();
        double[] marks = new double[16];
        for (int c = 0; c < 16; c++) {
            edges.add(new Edge(c, 0, 1));
            marks[c] = 60 + (c % 8) * 4;
        }
        ReqNode root = new ReqNode.AllOf("root", List.of(
                new ReqNode.Leaf("modules", 0, 8, Double.POSITIVE_INFINITY, 10, false)));
        Allocation result = new Allocator(100_000).allocate(new AllocationProblem(root, 16, edges,
                List.of(new MeanMark(0, 70, marks))));
        assertThat(result.satisfied()).isTrue();
        assertThat(result.exact()).isTrue();

        // Asking 90 cannot be met by any 8 (the best eight average 82); not every set was tried, and it says so.
        Allocation unmet = new Allocator(100_000).allocate(new AllocationProblem(root, 16, edges,
                List.of(new MeanMark(0, 90, marks))));
        assertThat(unmet.satisfied()).isFalse();
        assertThat(unmet.exact()).isFalse();
    }

    /** Each credential counts in at most one leaf; every averaged leaf's counted marks average at least its own. */
    private static void consistent(AllocationProblem problem, Allocation result, String where) {
        for (MeanMark m : problem.means()) {
            double units = 0;
            double sum = 0;
            for (Edge e : problem.candidates()) {
                if (e.leaf() == m.leaf() && result.countedIn().get(e.credential()).contains(e.leaf())) {
                    assertThat(m.markOf(e.credential())).as(where + " unmarked credential counted").isNotNaN();
                    units += e.weight();
                    sum += e.weight() * m.markOf(e.credential());
                }
            }
            if (units > 0) {
                assertThat(sum / units).as(where + " average at leaf " + m.leaf())
                        .isGreaterThanOrEqualTo(m.threshold() - 1e-9);
            }
            assertThat(result.leafUnits()[m.leaf()]).as(where).isCloseTo(units, within(1e-9));
        }
        for (int c = 0; c < problem.credentialCount(); c++) {
            assertThat(result.countedIn().get(c).size()).as(where + " credential " + c).isLessThanOrEqualTo(1);
        }
    }

    /** {met ? 1 : 0, least effort} over every placement that keeps each averaged leaf's average. */
    private static double[] best(AllocationProblem problem) {
        Map<Integer, ReqNode.Leaf> leaves = AllocatorPropertyTest.Oracle.leafByIndex(problem.root());
        double[] best = {0, Double.POSITIVE_INFINITY};
        search(problem, leaves, 0, new int[problem.credentialCount()], best);
        return best;
    }

    private static void search(AllocationProblem problem, Map<Integer, ReqNode.Leaf> leaves, int c, int[] placed,
                               double[] best) {
        if (c == placed.length) {
            double[] units = new double[leaves.size()];
            double[] marked = new double[leaves.size()];
            for (Edge e : problem.candidates()) {
                if (placed[e.credential()] == e.leaf()) {
                    units[e.leaf()] += e.weight();
                }
            }
            for (MeanMark m : problem.means()) {
                for (Edge e : problem.candidates()) {
                    if (e.leaf() == m.leaf() && placed[e.credential()] == e.leaf()) {
                        marked[m.leaf()] += e.weight() * m.markOf(e.credential());
                    }
                }
                double u = units[m.leaf()];
                if (u > 0 && !(marked[m.leaf()] / u >= m.threshold() - 1e-9)) {
                    return;
                }
            }
            AllocatorPropertyTest.Oracle.Value v = AllocatorPropertyTest.Oracle.evaluate(problem.root(), units,
                    new HashMap<>());
            double met = v.satisfied() ? 1 : 0;
            if (met > best[0] || (met == best[0] && v.effort() < best[1])) {
                best[0] = met;
                best[1] = v.effort();
            }
            return;
        }
        placed[c] = -1;
        search(problem, leaves, c + 1, placed, best);
        for (Edge e : problem.candidates()) {
            if (e.credential() == c) {
                placed[c] = e.leaf();
                search(problem, leaves, c + 1, placed, best);
            }
        }
        placed[c] = -1;
    }
}
