package org.pathwayengine.evaluation.allocation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Checks the allocator against a brute-force oracle on thousands of small random problems. */
class AllocatorPropertyTest {

    private static final long SEED = 20240611L;
    private static final int PROBLEMS = 3_000;
    private static final double TOLERANCE = 1e-6;

    @Test
    void matchesBruteForceOnRandomSmallProblems() {
        Random seeds = new Random(SEED);
        Allocator allocator = new Allocator(1_000_000);
        int satisfiedCount = 0;
        int ruledOut = 0;
        for (int i = 0; i < PROBLEMS; i++) {
            long seed = seeds.nextLong();
            AllocationProblem problem = randomProblem(new Random(seed));
            Allocation result = allocator.allocate(problem);
            Oracle.Best best = Oracle.solve(problem);
            String where = "problem #" + i + " (seed " + seed + "L): " + problem;

            assertThat(result.exact()).as(where).isTrue();
            assertThat(result.satisfied()).as(where).isEqualTo(best.satisfied());
            // The planner's goal test: the same yes or no, from a search that stops at the first satisfying one.
            assertThat(allocator.satisfiable(problem)).as(where + " satisfiable").isEqualTo(best.satisfied());
            // The quick bound may only rule out what cannot be satisfied.
            if (!new OptimisticBound(problem.root()).mayHold(problem.candidates())) {
                assertThat(best.satisfied()).as(where + " ruled out by the optimistic bound").isFalse();
                ruledOut++;
            }
            assertThat(result.remainingEffort()).as(where).isCloseTo(best.effort(), within(TOLERANCE));
            assertConsistent(problem, result, where);
            // The documented tie-break makes the assignment itself reproducible, not just its value.
            assertThat(result.leafOf()).as(where + " tie-break").containsExactly(best.lexFirstLeafOf());
            if (result.satisfied()) {
                satisfiedCount++;
            }
        }
        // Guard against a generator that only ever produces trivial cases.
        assertThat(satisfiedCount).isBetween(PROBLEMS / 10, PROBLEMS * 9 / 10);
        assertThat(ruledOut).as("problems the optimistic bound rules out").isGreaterThan(PROBLEMS / 50);
    }

    /** Recomputes the tree from the returned leafOf and checks every reported number against it. */
    private static void assertConsistent(AllocationProblem problem, Allocation result, String where) {
        int leafCount = Oracle.leaves(problem.root()).size();
        Map<Integer, ReqNode.Leaf> leafByIndex = Oracle.leafByIndex(problem.root());
        int[] leafOf = result.leafOf();
        assertThat(leafOf).as(where).hasSize(problem.credentialCount());
        double[] raw = new double[leafCount];
        List<List<Integer>> expectedCountedIn = new ArrayList<>();
        for (int c = 0; c < problem.credentialCount(); c++) {
            expectedCountedIn.add(new ArrayList<>());
        }
        boolean[] hasExclusive = new boolean[problem.credentialCount()];
        boolean[] placedAtCandidate = new boolean[problem.credentialCount()];
        for (Edge cand : problem.candidates()) {
            boolean shareable = leafByIndex.get(cand.leaf()).shareable();
            if (shareable) {
                raw[cand.leaf()] += cand.weight();
                expectedCountedIn.get(cand.credential()).add(cand.leaf());
            } else {
                hasExclusive[cand.credential()] = true;
                if (leafOf[cand.credential()] == cand.leaf()) {
                    raw[cand.leaf()] += cand.weight();
                    expectedCountedIn.get(cand.credential()).add(cand.leaf());
                    placedAtCandidate[cand.credential()] = true;
                }
            }
        }
        for (int c = 0; c < problem.credentialCount(); c++) {
            if (leafOf[c] >= 0) {
                assertThat(placedAtCandidate[c]).as(where + " credential " + c + " placed at a non-candidate leaf")
                        .isTrue();
            }
            // Placing never hurts, so every credential with somewhere to go is placed.
            assertThat(leafOf[c] >= 0).as(where + " credential " + c + " placement").isEqualTo(hasExclusive[c]);
            expectedCountedIn.get(c).sort(null);
            assertThat(result.countedIn().get(c)).as(where + " countedIn " + c)
                    .containsExactlyElementsOf(expectedCountedIn.get(c));
        }
        double[] units = new double[leafCount];
        for (int l = 0; l < leafCount; l++) {
            units[l] = Math.min(leafByIndex.get(l).cap(), raw[l]);
            assertThat(result.leafUnits()[l]).as(where + " units of leaf " + l).isCloseTo(units[l], within(TOLERANCE));
        }
        Map<String, Oracle.Value> values = new HashMap<>();
        Oracle.Value root = Oracle.evaluate(problem.root(), units, values);
        assertThat(result.satisfied()).as(where).isEqualTo(root.satisfied());
        assertThat(result.remainingEffort()).as(where).isCloseTo(root.effort(), within(TOLERANCE));
        assertThat(result.nodes().keySet()).as(where).containsExactlyInAnyOrderElementsOf(values.keySet());
        values.forEach((id, v) -> {
            NodeState state = result.nodes().get(id);
            assertThat(state.satisfied()).as(where + " node " + id).isEqualTo(v.satisfied());
            assertThat(state.remainingEffort()).as(where + " node " + id).isCloseTo(v.effort(), within(TOLERANCE));
        });
    }

    // ---------------------------------------------------------------- generator

    private static AllocationProblem randomProblem(Random rnd) {
        int leafCount = 1 + rnd.nextInt(6);
        List<Integer> indexes = new ArrayList<>();
        for (int l = 0; l < leafCount; l++) {
            indexes.add(l);
        }
        java.util.Collections.shuffle(indexes, rnd);
        boolean[] creditLeaf = new boolean[leafCount];
        for (int l = 0; l < leafCount; l++) {
            creditLeaf[l] = rnd.nextInt(3) == 0;
        }
        int[] idCounter = {0};
        ReqNode root = randomNode(rnd, indexes, 0, creditLeaf, idCounter);

        // Some problems use half-unit weights, which takes the allocator off its integer-only fast paths.
        double weightStep = rnd.nextInt(6) == 0 ? 0.5 : 1.0;
        int credentialCount = rnd.nextInt(8);
        double density = 0.2 + 0.6 * rnd.nextDouble();
        List<Edge> candidates = new ArrayList<>();
        for (int c = 0; c < credentialCount; c++) {
            int credits = 1 + rnd.nextInt(20);
            for (int l = 0; l < leafCount; l++) {
                if (rnd.nextDouble() < density) {
                    double weight = creditLeaf[l] ? credits : (rnd.nextInt(5) == 0 ? 1 + rnd.nextInt(20) : 1);
                    weight *= weightStep == 1.0 || rnd.nextBoolean() ? 1.0 : weightStep;
                    candidates.add(new Edge(c, l, weight));
                }
            }
        }
        java.util.Collections.shuffle(candidates, rnd);
        return new AllocationProblem(root, credentialCount, candidates);
    }

    private static ReqNode randomNode(Random rnd, List<Integer> leafIndexes, int depth, boolean[] creditLeaf,
                                      int[] idCounter) {
        String id = "n" + idCounter[0]++;
        if (leafIndexes.size() == 1 && (depth == 3 || rnd.nextInt(4) != 0)) {
            return randomLeaf(rnd, id, leafIndexes.get(0), creditLeaf[leafIndexes.get(0)]);
        }
        List<ReqNode> children = new ArrayList<>();
        if (depth == 2) {
            for (int index : leafIndexes) {
                children.add(randomLeaf(rnd, "n" + idCounter[0]++, index, creditLeaf[index]));
            }
        } else {
            int groups = 1 + rnd.nextInt(Math.min(3, leafIndexes.size()));
            List<List<Integer>> split = new ArrayList<>();
            for (int g = 0; g < groups; g++) {
                split.add(new ArrayList<>());
            }
            for (int i = 0; i < leafIndexes.size(); i++) {
                // The first `groups` leaves seed one group each so none is empty.
                split.get(i < groups ? i : rnd.nextInt(groups)).add(leafIndexes.get(i));
            }
            for (List<Integer> group : split) {
                children.add(randomNode(rnd, group, depth + 1, creditLeaf, idCounter));
            }
        }
        if (rnd.nextBoolean()) {
            return new ReqNode.AllOf(id, children);
        }
        return new ReqNode.AtLeast(id, rnd.nextInt(children.size() + 1), children);
    }

    private static ReqNode.Leaf randomLeaf(Random rnd, String id, int index, boolean credits) {
        double need = credits ? 1 + rnd.nextInt(40) : rnd.nextInt(4);
        double cap = Double.POSITIVE_INFINITY;
        if (rnd.nextInt(3) == 0) {
            cap = credits ? Math.max(0, need - 10 + rnd.nextInt(20)) : rnd.nextInt(4);
        }
        // Multiples of 0.5 keep efforts exact, so ties are real ties and the tie-break is checkable.
        double effortPerUnit = rnd.nextInt(5) == 0 ? 0 : rnd.nextInt(21) * 0.5;
        boolean shareable = rnd.nextInt(5) == 0;
        return new ReqNode.Leaf(id, index, need, cap, effortPerUnit, shareable);
    }

    // ---------------------------------------------------------------- oracle

    /** Exhaustive reference written independently of the allocator: it tries every assignment. */
    static final class Oracle {

        record Value(boolean satisfied, double effort) {
        }

        record Best(boolean satisfied, double effort, int[] lexFirstLeafOf) {
        }

        static Best solve(AllocationProblem p) {
            Map<Integer, ReqNode.Leaf> leafByIndex = leafByIndex(p.root());
            int leafCount = leafByIndex.size();
            int n = p.credentialCount();
            double[] shared = new double[leafCount];
            List<List<Edge>> options = new ArrayList<>();
            for (int c = 0; c < n; c++) {
                options.add(new ArrayList<>());
            }
            for (Edge cand : p.candidates()) {
                if (leafByIndex.get(cand.leaf()).shareable()) {
                    shared[cand.leaf()] += cand.weight();
                } else {
                    options.get(cand.credential()).add(cand);
                }
            }
            int[] searchOrder = documentedOrder(options);
            int[] leafRank = documentedLeafRank(leafByIndex, shared, options);

            // Choice k for credential c: -1 = none, otherwise index into options(c).
            int[] pick = new int[n];
            Arrays.fill(pick, -1);
            boolean bestSat = false;
            double bestEffort = Double.POSITIVE_INFINITY;
            int[] bestLeafOf = null;
            while (true) {
                double[] raw = shared.clone();
                boolean allPlaced = true;
                int[] leafOf = new int[n];
                for (int c = 0; c < n; c++) {
                    leafOf[c] = -1;
                    if (pick[c] >= 0) {
                        Edge cand = options.get(c).get(pick[c]);
                        raw[cand.leaf()] += cand.weight();
                        leafOf[c] = cand.leaf();
                    } else if (!options.get(c).isEmpty()) {
                        allPlaced = false;
                    }
                }
                double[] units = new double[leafCount];
                for (int l = 0; l < leafCount; l++) {
                    units[l] = Math.min(leafByIndex.get(l).cap(), raw[l]);
                }
                Value v = evaluate(p.root(), units, new HashMap<>());
                boolean better = (v.satisfied() && !bestSat)
                        || (v.satisfied() == bestSat && v.effort() < bestEffort - 1e-9);
                boolean tie = v.satisfied() == bestSat && Math.abs(v.effort() - bestEffort) <= 1e-9;
                if (better) {
                    bestSat = v.satisfied();
                    bestEffort = v.effort();
                    bestLeafOf = allPlaced ? leafOf : null;
                } else if (tie && allPlaced && (bestLeafOf == null || lexLess(leafOf, bestLeafOf, searchOrder, leafRank))) {
                    bestLeafOf = leafOf;
                }
                if (!advance(pick, options)) {
                    break;
                }
            }
            if (bestLeafOf == null) {
                throw new AssertionError("no fully placed assignment reaches the optimum; monotonicity broken?");
            }
            return new Best(bestSat, bestEffort, bestLeafOf);
        }

        private static boolean advance(int[] pick, List<List<Edge>> options) {
            for (int c = 0; c < pick.length; c++) {
                if (pick[c] + 1 < options.get(c).size()) {
                    pick[c]++;
                    return true;
                }
                pick[c] = -1;
            }
            return false;
        }

        /** The order the allocator documents for its tie-break: fewest options, identical credentials together, index. */
        private static int[] documentedOrder(List<List<Edge>> options) {
            int n = options.size();
            int[] groupRep = new int[n];
            for (int c = 0; c < n; c++) {
                groupRep[c] = c;
                for (int o = 0; o < c; o++) {
                    if (sameOptions(options.get(o), options.get(c))) {
                        groupRep[c] = groupRep[o];
                        break;
                    }
                }
            }
            return java.util.stream.IntStream.range(0, n).boxed()
                    .filter(c -> options.get(c).size() > 1)
                    .sorted(java.util.Comparator.<Integer>comparingInt(c -> options.get(c).size())
                            .thenComparingInt(c -> groupRep[c])
                            .thenComparingInt(c -> c))
                    .mapToInt(Integer::intValue).toArray();
        }

        private static boolean sameOptions(List<Edge> a, List<Edge> b) {
            if (a.size() != b.size()) {
                return false;
            }
            Map<Integer, Double> weights = new HashMap<>();
            a.forEach(cand -> weights.put(cand.leaf(), cand.weight()));
            return b.stream().allMatch(cand -> weights.containsKey(cand.leaf())
                    && weights.get(cand.leaf()) == cand.weight());
        }

        private static boolean lexLess(int[] a, int[] b, int[] order, int[] leafRank) {
            for (int c : order) {
                if (a[c] != b[c]) {
                    return leafRank[a[c]] < leafRank[b[c]];
                }
            }
            return false;
        }

        /**
         * The leaf order the allocator documents: scarcest first, scarcity being the units that credentials with a
         * choice could bring divided by the units still missing after shareable and single-candidate placements.
         */
        private static int[] documentedLeafRank(Map<Integer, ReqNode.Leaf> leafByIndex, double[] shared,
                                                List<List<Edge>> options) {
            int leafCount = leafByIndex.size();
            double[] base = shared.clone();
            double[] supply = new double[leafCount];
            for (List<Edge> opts : options) {
                for (Edge cand : opts) {
                    if (opts.size() == 1) {
                        base[cand.leaf()] += cand.weight();
                    } else {
                        supply[cand.leaf()] += cand.weight();
                    }
                }
            }
            double[] scarcity = new double[leafCount];
            for (int l = 0; l < leafCount; l++) {
                ReqNode.Leaf leaf = leafByIndex.get(l);
                double missing = Math.min(leaf.need(), leaf.cap()) - base[l];
                scarcity[l] = missing > 1e-9 ? supply[l] / missing : Double.POSITIVE_INFINITY;
            }
            List<Integer> sorted = new ArrayList<>();
            for (int l = 0; l < leafCount; l++) {
                sorted.add(l);
            }
            sorted.sort(java.util.Comparator.<Integer>comparingDouble(l -> scarcity[l]).thenComparingInt(l -> l));
            int[] rank = new int[leafCount];
            for (int r = 0; r < leafCount; r++) {
                rank[sorted.get(r)] = r;
            }
            return rank;
        }

        static Value evaluate(ReqNode node, double[] units, Map<String, Value> out) {
            Value v;
            if (node instanceof ReqNode.Leaf leaf) {
                double u = units[leaf.index()];
                boolean ok = u >= leaf.need() - 1e-9;
                v = new Value(ok, ok ? 0 : (leaf.need() - u) * leaf.effortPerUnit());
            } else if (node instanceof ReqNode.AllOf all) {
                boolean ok = true;
                double sum = 0;
                for (ReqNode child : all.children()) {
                    Value cv = evaluate(child, units, out);
                    ok &= cv.satisfied();
                    sum += cv.effort();
                }
                v = new Value(ok, sum);
            } else {
                ReqNode.AtLeast atLeast = (ReqNode.AtLeast) node;
                List<Double> efforts = new ArrayList<>();
                int ok = 0;
                for (ReqNode child : atLeast.children()) {
                    Value cv = evaluate(child, units, out);
                    ok += cv.satisfied() ? 1 : 0;
                    efforts.add(cv.effort());
                }
                efforts.sort(null);
                double sum = 0;
                for (int i = 0; i < atLeast.count(); i++) {
                    sum += efforts.get(i);
                }
                v = new Value(ok >= atLeast.count(), sum);
            }
            out.put(node.id(), v);
            return v;
        }

        static List<ReqNode.Leaf> leaves(ReqNode node) {
            List<ReqNode.Leaf> acc = new ArrayList<>();
            collect(node, acc);
            return acc;
        }

        static Map<Integer, ReqNode.Leaf> leafByIndex(ReqNode root) {
            Map<Integer, ReqNode.Leaf> map = new HashMap<>();
            for (ReqNode.Leaf leaf : leaves(root)) {
                map.put(leaf.index(), leaf);
            }
            return map;
        }

        private static void collect(ReqNode node, List<ReqNode.Leaf> acc) {
            if (node instanceof ReqNode.Leaf leaf) {
                acc.add(leaf);
            } else if (node instanceof ReqNode.AllOf all) {
                all.children().forEach(child -> collect(child, acc));
            } else {
                ((ReqNode.AtLeast) node).children().forEach(child -> collect(child, acc));
            }
        }
    }
}
