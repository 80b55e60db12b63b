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
 * Shared parts (a shareable group or nested qualification) against an exhaustive oracle: a credential counts at
 * most once in each region, a region being the rest of the tree or one shared part (less the shared parts inside
 * it), and the allocator must find the best such placement and report numbers that agree with it.
 */
class SharedPartsPropertyTest {

    private static final long SEED = 20261202L;
    private static final int PROBLEMS = 2_000;

    @Test
    void shared_parts_match_an_exhaustive_search_where_each_credential_counts_once_per_region() {
        Random seeds = new Random(SEED);
        Allocator allocator = new Allocator(1_000_000);
        int satisfied = 0;
        int ruledOut = 0;
        int sharingHelped = 0;
        for (int i = 0; i < PROBLEMS; i++) {
            long seed = seeds.nextLong();
            Random rnd = new Random(seed);
            int[] ids = {0};
            List<Integer> indexes = new ArrayList<>();
            int leafCount = 2 + rnd.nextInt(4);
            for (int l = 0; l < leafCount; l++) {
                indexes.add(l);
            }
            java.util.Collections.shuffle(indexes, rnd);
            ReqNode root = node(rnd, indexes, 0, ids);
            int credentials = 1 + rnd.nextInt(4);
            List<Edge> edges = new ArrayList<>();
            for (int c = 0; c < credentials; c++) {
                for (int l = 0; l < leafCount; l++) {
                    if (rnd.nextInt(2) == 0) {
                        edges.add(new Edge(c, l, 1 + rnd.nextInt(3)));
                    }
                }
            }
            AllocationProblem problem = new AllocationProblem(root, credentials, edges);
            String where = "problem #" + i + " (seed " + seed + "L): " + problem;

            Allocation result = allocator.allocate(problem);
            double[] best = best(problem, true);

            assertThat(result.exact()).as(where).isTrue();
            assertThat(result.satisfied()).as(where).isEqualTo(best[0] > 0);
            assertThat(allocator.satisfiable(problem)).as(where + " satisfiable").isEqualTo(best[0] > 0);
            // The quick bound may only rule out what cannot be satisfied.
            if (!new OptimisticBound(problem.root()).mayHold(problem.candidates())) {
                assertThat(best[0] > 0).as(where + " ruled out by the optimistic bound").isFalse();
                ruledOut++;
            }
            assertThat(result.remainingEffort()).as(where).isCloseTo(best[1], within(1e-6));
            consistent(problem, result, where);
            if (result.satisfied()) {
                satisfied++;
                if (best(problem, false)[0] == 0) {
                    sharingHelped++;
                }
            }
        }
        // Guard against a generator whose problems never need what is tested.
        assertThat(satisfied).isBetween(PROBLEMS / 10, PROBLEMS * 9 / 10);
        assertThat(ruledOut).as("problems the optimistic bound rules out").isGreaterThan(PROBLEMS / 50);
        assertThat(sharingHelped).as("problems met only because parts share").isGreaterThan(PROBLEMS / 50);
    }

    @Test
    void a_shared_part_is_met_with_the_credentials_the_rest_also_uses() {
        // all of: [leaf a needs 1] and shared [leaf b needs 1]; one credential fits both.
        ReqNode root = new ReqNode.AllOf("root", List.of(
                new ReqNode.Leaf("a", 0, 1, Double.POSITIVE_INFINITY, 10, false),
                new ReqNode.Shared(new ReqNode.AllOf("part", List.of(
                        new ReqNode.Leaf("b", 1, 1, Double.POSITIVE_INFINITY, 10, false),
                        new ReqNode.Leaf("c", 2, 1, Double.POSITIVE_INFINITY, 7, false))))));
        Allocation result = new Allocator(1000).allocate(new AllocationProblem(root, 1,
                List.of(new Edge(0, 0, 1), new Edge(0, 1, 1), new Edge(0, 2, 1))));

        // Inside the part it still counts once: b or c, so the part misses one (the cheaper is c's 7 hours).
        assertThat(result.countedIn().get(0)).containsExactly(0, 1);
        assertThat(result.nodes().get("a")).isEqualTo(new NodeState(true, 0));
        assertThat(result.nodes().get("part")).isEqualTo(new NodeState(false, 7));
        assertThat(result.remainingEffort()).isEqualTo(7);
        assertThat(List.copyOf(result.nodes().keySet())).containsExactly("root", "a", "part", "b", "c");
    }

    /** Checks the reported units, node states and placements against the tree evaluated on what was counted. */
    private static void consistent(AllocationProblem problem, Allocation result, String where) {
        Map<Integer, ReqNode.Leaf> leaves = AllocatorPropertyTest.Oracle.leafByIndex(strip(problem.root()));
        Map<Integer, Integer> region = new HashMap<>();
        regions(problem.root(), 0, new int[] {0}, region);
        double[] raw = new double[leaves.size()];
        for (Edge e : problem.candidates()) {
            if (result.countedIn().get(e.credential()).contains(e.leaf())) {
                raw[e.leaf()] += e.weight();
            }
        }
        for (int c = 0; c < problem.credentialCount(); c++) {
            List<Integer> seen = new ArrayList<>();
            for (int l : result.countedIn().get(c)) {
                if (!leaves.get(l).shareable()) {
                    assertThat(seen).as(where + " credential " + c + " counts twice in one region")
                            .doesNotContain(region.get(l));
                    seen.add(region.get(l));
                }
            }
        }
        double[] units = new double[leaves.size()];
        for (int l = 0; l < units.length; l++) {
            units[l] = Math.min(leaves.get(l).cap(), raw[l]);
            assertThat(result.leafUnits()[l]).as(where + " units of leaf " + l).isCloseTo(units[l], within(1e-6));
        }
        Map<String, AllocatorPropertyTest.Oracle.Value> values = new HashMap<>();
        AllocatorPropertyTest.Oracle.Value root = AllocatorPropertyTest.Oracle.evaluate(strip(problem.root()), units,
                values);
        assertThat(result.satisfied()).as(where).isEqualTo(root.satisfied());
        assertThat(result.nodes().keySet()).as(where).containsExactlyInAnyOrderElementsOf(values.keySet());
        values.forEach((id, v) -> {
            NodeState state = result.nodes().get(id);
            assertThat(state.satisfied()).as(where + " node " + id).isEqualTo(v.satisfied());
            assertThat(state.remainingEffort()).as(where + " node " + id).isCloseTo(v.effort(), within(1e-6));
        });
    }

    /**
     * The best placement by exhaustive search: {met ? 1 : 0, least effort}. With sharing off, every leaf is in one
     * region (the tree as if no part were shared).
     */
    private static double[] best(AllocationProblem problem, boolean sharing) {
        ReqNode tree = strip(problem.root());
        Map<Integer, ReqNode.Leaf> leaves = AllocatorPropertyTest.Oracle.leafByIndex(tree);
        Map<Integer, Integer> region = new HashMap<>();
        regions(problem.root(), 0, new int[] {0}, region);
        // Per credential, the choices: a set of exclusive leaves, at most one per region.
        List<List<List<Integer>>> choices = new ArrayList<>();
        double[] base = new double[leaves.size()];
        for (int c = 0; c < problem.credentialCount(); c++) {
            List<Edge> exclusive = new ArrayList<>();
            for (Edge e : problem.candidates()) {
                if (e.credential() != c) {
                    continue;
                }
                if (leaves.get(e.leaf()).shareable()) {
                    base[e.leaf()] += e.weight();
                } else {
                    exclusive.add(e);
                }
            }
            List<List<Integer>> options = new ArrayList<>();
            subsets(exclusive, 0, new ArrayList<>(), options, region, sharing);
            choices.add(options);
        }
        double[] best = {0, Double.POSITIVE_INFINITY};
        search(problem, choices, 0, new int[problem.credentialCount()], base, leaves, tree, best);
        return best;
    }

    private static void subsets(List<Edge> edges, int from, List<Integer> chosen, List<List<Integer>> out,
                                Map<Integer, Integer> region, boolean sharing) {
        out.add(List.copyOf(chosen));
        for (int i = from; i < edges.size(); i++) {
            int leaf = edges.get(i).leaf();
            boolean clash = chosen.stream().anyMatch(l -> !sharing || region.get(l).equals(region.get(leaf)));
            if (!clash) {
                chosen.add(leaf);
                subsets(edges, i + 1, chosen, out, region, sharing);
                chosen.remove(chosen.size() - 1);
            }
        }
    }

    private static void search(AllocationProblem problem, List<List<List<Integer>>> choices, int c, int[] pick,
                               double[] base, Map<Integer, ReqNode.Leaf> leaves, ReqNode tree, double[] best) {
        if (c == choices.size()) {
            double[] raw = base.clone();
            for (int k = 0; k < pick.length; k++) {
                for (int leaf : choices.get(k).get(pick[k])) {
                    for (Edge e : problem.candidates()) {
                        if (e.credential() == k && e.leaf() == leaf) {
                            raw[leaf] += e.weight();
                        }
                    }
                }
            }
            for (int l = 0; l < raw.length; l++) {
                raw[l] = Math.min(raw[l], leaves.get(l).cap());
            }
            AllocatorPropertyTest.Oracle.Value v = AllocatorPropertyTest.Oracle.evaluate(tree, raw, new HashMap<>());
            double met = v.satisfied() ? 1 : 0;
            if (met > best[0] || (met == best[0] && v.effort() < best[1])) {
                best[0] = met;
                best[1] = v.effort();
            }
            return;
        }
        for (int o = 0; o < choices.get(c).size(); o++) {
            pick[c] = o;
            search(problem, choices, c + 1, pick, base, leaves, tree, best);
        }
    }

    /** Leaf index to region: 0 for the rest, one number per shared part (the innermost that holds it). */
    private static void regions(ReqNode node, int current, int[] counter, Map<Integer, Integer> out) {
        if (node instanceof ReqNode.Leaf leaf) {
            out.put(leaf.index(), current);
        } else if (node instanceof ReqNode.Shared shared) {
            regions(shared.inner(), ++counter[0], counter, out);
        } else if (node instanceof ReqNode.AllOf all) {
            all.children().forEach(c -> regions(c, current, counter, out));
        } else {
            ((ReqNode.AtLeast) node).children().forEach(c -> regions(c, current, counter, out));
        }
    }

    /** The tree with shared parts replaced by their inner nodes (how it is evaluated once counted). */
    private static ReqNode strip(ReqNode node) {
        if (node instanceof ReqNode.Shared shared) {
            return strip(shared.inner());
        }
        if (node instanceof ReqNode.AllOf all) {
            return new ReqNode.AllOf(all.id(), all.children().stream().map(SharedPartsPropertyTest::strip).toList());
        }
        if (node instanceof ReqNode.AtLeast atLeast) {
            return new ReqNode.AtLeast(atLeast.id(), atLeast.count(),
                    atLeast.children().stream().map(SharedPartsPropertyTest::strip).toList());
        }
        return node;
    }

    private static ReqNode node(Random rnd, List<Integer> indexes, int depth, int[] ids) {
        String id = "n" + ids[0]++;
        ReqNode out;
        if (indexes.size() == 1 || depth == 2) {
            if (indexes.size() == 1) {
                out = leaf(rnd, id, indexes.get(0));
            } else {
                List<ReqNode> kids = new ArrayList<>();
                for (int index : indexes) {
                    kids.add(shareMaybe(rnd, leaf(rnd, "n" + ids[0]++, index), depth));
                }
                out = group(rnd, id, kids);
            }
        } else {
            int groups = 1 + rnd.nextInt(Math.min(3, indexes.size()));
            List<List<Integer>> split = new ArrayList<>();
            for (int g = 0; g < groups; g++) {
                split.add(new ArrayList<>());
            }
            for (int i = 0; i < indexes.size(); i++) {
                split.get(i < groups ? i : rnd.nextInt(groups)).add(indexes.get(i));
            }
            List<ReqNode> kids = new ArrayList<>();
            for (List<Integer> part : split) {
                kids.add(node(rnd, part, depth + 1, ids));
            }
            out = group(rnd, id, kids);
        }
        return shareMaybe(rnd, out, depth);
    }

    private static ReqNode shareMaybe(Random rnd, ReqNode node, int depth) {
        return depth > 0 && !(node instanceof ReqNode.Leaf) && rnd.nextInt(2) == 0 ? new ReqNode.Shared(node)
                : depth > 0 && rnd.nextInt(4) == 0 ? new ReqNode.Shared(node) : node;
    }

    private static ReqNode group(Random rnd, String id, List<ReqNode> kids) {
        return rnd.nextBoolean() ? new ReqNode.AllOf(id, kids) : new ReqNode.AtLeast(id, 1 + rnd.nextInt(kids.size()),
                kids);
    }

    private static ReqNode.Leaf leaf(Random rnd, String id, int index) {
        double need = 1 + rnd.nextInt(3);
        double cap = rnd.nextInt(4) == 0 ? need : Double.POSITIVE_INFINITY;
        return new ReqNode.Leaf(id, index, need, cap, rnd.nextInt(6) * 1.5, rnd.nextInt(8) == 0);
    }
}
