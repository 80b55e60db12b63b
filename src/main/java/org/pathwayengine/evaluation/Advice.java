package org.pathwayengine.evaluation;

/** How much an evaluation advises beside its answer (eligibility, credit, exclusions, fired rules). */
public enum Advice {
    /**
     * The answer alone (the API's {@code nextSteps=false}): the catalog's other credentials are never weighed, so
     * {@code firedRules} lists only the rules that fired on the learner's own credentials, as it always does.
     */
    NONE,
    /**
     * The answer exactly as {@link #NEXT_STEPS} gives it (the catalog's other credentials are weighed by the same
     * session), and what the learner may start now, but no plans: {@code nextSteps} and {@code notPlanned} are left
     * out. For checks that read nothing of the plans, such as a scenario without {@code nextSteps} expectations,
     * since planning is most of an advised evaluation's time.
     */
    PREREQUISITES,
    /** Everything: next steps planned and ranked, and the qualifications that got no plan named with why. */
    NEXT_STEPS;

    /** The API's {@code nextSteps} flag: true for everything, false for the answer alone. */
    public static Advice of(boolean nextSteps) {
        return nextSteps ? NEXT_STEPS : NONE;
    }
}
