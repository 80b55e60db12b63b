package org.pathwayengine.evaluation.planning;

import java.util.List;

/**
 * A credential the learner could earn: its cost and the items it requires (prerequisites not yet held), by index
 * into the item list passed to {@link Planner#plan}.
 *
 * <p>Costs must be finite, {@code >= 0} and at most {@link Planner#MAX_COST}. Range, self-requirement and cycle
 * checks need the whole list and are made by the planner.
 */
public record Item(String code, double hours, double credits, List<Integer> requires) {

    public Item {
        if (code == null) {
            throw new IllegalArgumentException("item code must not be null");
        }
        checkCost(code, "hours", hours);
        checkCost(code, "credits", credits);
        if (requires == null) {
            throw new IllegalArgumentException("item '" + code + "': requires must not be null (use an empty list)");
        }
        for (Integer r : requires) {
            if (r == null) {
                throw new IllegalArgumentException("item '" + code + "': requires must not contain null");
            }
        }
        requires = List.copyOf(requires);
    }

    private static void checkCost(String code, String what, double value) {
        // The negated form also rejects NaN.
        if (!(value >= 0) || !(value <= Planner.MAX_COST)) {
            throw new IllegalArgumentException("item '" + code + "': " + what + " must be finite, >= 0 and <= "
                    + Planner.MAX_COST + " but was " + value);
        }
    }
}
