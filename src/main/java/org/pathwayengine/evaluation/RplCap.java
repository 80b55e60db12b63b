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

    /**
     * @param partial whether a credential larger than what is left of the cap counts up to the cap (else not at all)
     * @param leftOut receives what the cap left out, with why; null when nobody will read it
     */
    static List<Edge> apply(double cap, boolean partial, List<RequirementTree.Leaf> leaves, List<Edge> candidates,
                            Assessor assessor, List<LeftOut> leftOut) {
        Map<Integer, Double> rpl = new LinkedHashMap<>();
        for (Edge c : candidates) {
            if (isRpl(leaves, c, assessor)) {
                // Another institution's credential counts on an RPL leaf only through recognition.
                rpl.merge(c.credential(), c.weight(), Math::max);
            }
        }
        Set<Integer> chosen = best(rpl, cap);
        double used = chosen.stream().mapToDouble(rpl::get).sum();
        // What is left of the cap goes to the largest credential that did not fit, when blocks may be split.
        Integer split = null;
        double rest = Math.floor((cap - used) * SCALE + 1e-6) / SCALE;
        if (partial && rest > 0) {
            for (int i : rpl.keySet()) {
                // Only a credential bigger than what is left can be the one split (best() took any that fit).
                if (!chosen.contains(i) && rpl.get(i) > rest && (split == null || rpl.get(i) > rpl.get(split))) {
                    split = i;
                }
            }
        }
        List<Edge> out = new ArrayList<>();
        Set<Integer> dropped = new TreeSet<>();
        for (Edge c : candidates) {
            boolean capped = isRpl(leaves, c, assessor) && !chosen.contains(c.credential());
            if (!capped) {
                out.add(c);
            } else if (split != null && split == c.credential()) {
                out.add(new Edge(c.credential(), c.leaf(), Math.min(c.weight(), rest)));
            } else {
                dropped.add(c.credential());
            }
        }
        if (leftOut == null) {
            return out;
        }
        String cause = "over the cap of " + Numbers.rounded(cap) + " credits from prior learning";
        if (split != null) {
            leftOut.add(new LeftOut(assessor.held(split).getCode(), rpl.get(split) - rest, rest, cause + ": "
                    + Numbers.rounded(rest) + " of its " + Numbers.rounded(rpl.get(split)) + " credits counted, to"
                    + " reach the cap"));
        }
        double counted = used + (split == null ? 0 : rest);
        for (int i : dropped) {
            leftOut.add(new LeftOut(assessor.held(i).getCode(), rpl.get(i), null, cause + " ("
                    + Numbers.rounded(counted) + " already counted from " + (chosen.size() + (split == null ? 0 : 1))
                    + " credential" + (chosen.size() + (split == null ? 0 : 1) == 1 ? "" : "s") + ")"));
        }
        return out;
    }

    /** An award-level credit rule's edge for a credential the awarding institution did not issue. */
    private static boolean isRpl(List<RequirementTree.Leaf> leaves, Edge c, Assessor assessor) {
        return leaves.get(c.leaf()) instanceof RequirementTree.CreditsLeaf leaf && leaf.awardRule()
                && !leaf.recognisedBy().equals(assessor.held(c.credential()).getIssuer());
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
