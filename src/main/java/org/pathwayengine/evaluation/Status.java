package org.pathwayengine.evaluation;

/**
 * Where a learner stands on a qualification.
 */
public enum Status {
    /** Every requirement is met: the learner may be awarded it. */
    ELIGIBLE,
    /** Some held credentials count towards it. */
    IN_PROGRESS,
    /** Held credentials relate to it but none counts yet. */
    NOT_STARTED
}
