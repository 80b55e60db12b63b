package org.pathwayengine.evaluation;

import org.pathwayengine.catalog.Numbers;
import org.pathwayengine.evaluation.EvaluationResult.LeftOut;
import org.pathwayengine.evaluation.allocation.Edge;
import org.pathwayengine.model.RequirementTree;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An award's cap on credit from recognition of prior learning: picks the recognised credentials whose credits
 * come closest to the cap without passing it (an exact subset sum, so no credit is wasted), and leaves the rest
 * out of the award's credit rules, saying so.
 */
final class RplCap {

    /** Credit is compared in hundredths, so half credits are exact. */
    private static final int SCALE = 100;

    private RplCap() {
    }

    static List<Edge> apply(double cap, List<RequirementTree.Leaf> leaves, List<Edge> candidates,
                                 Assessor assessor, CreditCounter counter, List<LeftOut> leftOut) {
        Map<Integer, Double> rpl = new LinkedHashMap<>();
        for (Edge c : candidates) {
            if (leaves.get(c.leaf()) instanceof RequirementTree.CreditsLeaf leaf && leaf.awardRule()
                    && !leaf.recognisedBy().equals(assessor.held(c.credential()).getIssuer())) {
                // Another institution's credential counts on an RPL leaf only through recognition.
                rpl.merge(c.credential(), c.weight(), Math::max);
            }
        }
        Set<Integer> chosen = best(rpl, cap);
        List<Edge> out = new ArrayList<>();
        Set<Integer> dropped = new TreeSet<>();
        for (Edge c : candidates) {
            boolean capped = leaves.get(c.leaf()) instanceof RequirementTree.CreditsLeaf leaf && leaf.awardRule()
                    && rpl.containsKey(c.credential()) && !chosen.contains(c.credential());
            if (capped) {
                dropped.add(c.credential());
            } else {
                out.add(c);
            }
        }
        double used = chosen.stream().mapToDouble(rpl::get).sum();
        for (int i : dropped) {
            leftOut.add(new LeftOut(assessor.held(i).getCode(), rpl.get(i), "over the cap of "
                    + Numbers.rounded(cap) + " credits from prior learning (" + Numbers.rounded(used)
                    + " already counted from " + chosen.size() + " credential" + (chosen.size() == 1 ? "" : "s") + ")"));
        }
        return out;
    }

    /** The subset with the largest total not over the cap; ties keep earlier credentials. */
    static Set<Integer> best(Map<Integer, Double> credits, double cap) {
        List<Integer> ids = new ArrayList<>(credits.keySet());
        int limit = (int) Math.floor(cap * SCALE + 1e-6);
        int n = ids.size();
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
            w[i] = (int) Math.round(credits.get(ids.get(i)) * SCALE);
        }
        // reach[i][s]: sum s is reachable using only the first i credentials.
        boolean[][] reach = new boolean[n + 1][limit + 1];
        reach[0][0] = true;
        for (int i = 1; i <= n; i++) {
            for (int s = 0; s <= limit; s++) {
                reach[i][s] = reach[i - 1][s] || (s >= w[i - 1] && reach[i - 1][s - w[i - 1]]);
            }
        }
        int s = limit;
        while (s > 0 && !reach[n][s]) {
            s--;
        }
        Set<Integer> chosen = new TreeSet<>();
        for (int i = n; i >= 1; i--) {
            if (!reach[i - 1][s]) {
                chosen.add(ids.get(i - 1));
                s -= w[i - 1];
            }
        }
        return chosen;
    }
}
