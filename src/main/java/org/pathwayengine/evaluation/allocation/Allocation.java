package org.pathwayengine.evaluation.allocation;

import java.util.List;
import java.util.Map;

/**
 * The chosen placement of credentials into leaves and how the requirement tree stands under it.
 *
 * @param satisfied       whether the root requirement is satisfied
 * @param remainingEffort root effort still needed, 0 when satisfied
 * @param leafOf          for each credential, the non-shareable leaf it counts in, or -1
 * @param countedIn       for each credential, every leaf it counts in (its exclusive one plus shareable ones), ascending
 * @param leafUnits       per leaf index, units counted there after the cap
 * @param nodes           per node id, in depth-first order from the root, whether it is satisfied and its effort
 * @param exact           false only if the search budget ran out, in which case this is the best allocation found
 * @param explored        number of search nodes visited
 */
public record Allocation(
        boolean satisfied,
        double remainingEffort,
        int[] leafOf,
        List<List<Integer>> countedIn,
        double[] leafUnits,
        Map<String, NodeState> nodes,
        boolean exact,
        long explored) {
}
