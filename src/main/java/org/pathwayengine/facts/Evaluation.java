package org.pathwayengine.facts;

import java.time.LocalDate;

/**
 * The evaluation itself: the date it is made as of and whose record it is.
 */
public final class Evaluation {

    private final LocalDate asOf;
    private final String learner;

    public Evaluation(LocalDate asOf, String learner) {
        this.asOf = asOf;
        this.learner = learner;
    }

    public LocalDate getAsOf() {
        return asOf;
    }

    public String getLearner() {
        return learner;
    }
}
