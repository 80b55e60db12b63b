package org.pathwayengine.evaluation.planning;

import java.util.List;

/**
 * A plan: item indexes in an order that respects prerequisites (each item after everything it requires), and its
 * total hours and credits.
 */
public record Plan(List<Integer> items, double hours, double credits) {

    public Plan {
        if (items == null) {
            throw new IllegalArgumentException("plan items must not be null");
        }
        items = List.copyOf(items);
    }
}
