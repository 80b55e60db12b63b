package org.pathwayengine.evaluation.allocation;

/** Outcome of one requirement node under a chosen allocation. */
public record NodeState(boolean satisfied, double remainingEffort) {
}
