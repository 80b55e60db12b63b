package org.pathwayengine.evaluation.planning;

import java.util.List;

/**
 * Outcome of {@link Planner#plan}.
 *
 * @param plans    the cheapest minimal plans, best first (empty when no set of items reaches the goal)
 * @param exact    false only if the budget ran out before the search was complete; the plans are then the best
 *                 found so far (or one greedy fallback plan, see {@link Planner})
 * @param explored goal tests made: calls to the goal plus tests answered from its monotonicity
 */
public record PlanResult(List<Plan> plans, boolean exact, long explored) {

    public PlanResult {
        if (plans == null) {
            throw new IllegalArgumentException("plans must not be null");
        }
        plans = List.copyOf(plans);
    }
}
