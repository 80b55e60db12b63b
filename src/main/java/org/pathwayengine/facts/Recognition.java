package org.pathwayengine.facts;

import org.kie.api.runtime.rule.RuleContext;

/**
 * What a recognising institution's equivalence table says a held credential is worth there: recognised (credits
 * at a level), not recognised, or pending review by a person. Policy rules may change the decision with
 * {@link #recognise}, {@link #refuse} or {@link #refer} (then {@code update($r)}); their {@code @id} is recorded.
 */
public final class Recognition {

    public static final String RECOGNISED = "RECOGNISED";
    public static final String NOT_RECOGNISED = "NOT_RECOGNISED";
    public static final String PENDING_REVIEW = "PENDING_REVIEW";

    private final Held held;
    private final String institution;
    private String outcome;
    private double credits;
    private int level;
    private String framework;
    private String reason;
    private String ruleId;

    public Recognition(Held held, String institution, String outcome, double credits, int level, String framework,
                       String reason, String ruleId) {
        this.held = held;
        this.institution = institution;
        this.outcome = outcome;
        this.credits = credits;
        this.level = level;
        this.framework = framework;
        this.reason = reason;
        this.ruleId = ruleId;
    }

    /** Recognise it here for this credit, overriding the table. */
    public void recognise(RuleContext kcontext, double credits, int level, String framework, String reason) {
        decide(kcontext, RECOGNISED, reason);
        this.credits = credits;
        this.level = level;
        this.framework = framework;
    }

    /** Do not recognise it here. */
    public void refuse(RuleContext kcontext, String reason) {
        decide(kcontext, NOT_RECOGNISED, reason);
        this.credits = 0;
    }

    /** Refer it to a person: an equivalence may apply but needs a human decision. */
    public void refer(RuleContext kcontext, String reason) {
        decide(kcontext, PENDING_REVIEW, reason);
        this.credits = 0;
    }

    private void decide(RuleContext kcontext, String outcome, String reason) {
        this.outcome = outcome;
        this.reason = reason;
        this.ruleId = Excluded.ruleId(kcontext);
    }

    public Held getHeld() {
        return held;
    }

    public String getCode() {
        return held.getCode();
    }

    public String getInstitution() {
        return institution;
    }

    public String getOutcome() {
        return outcome;
    }

    public boolean isRecognised() {
        return RECOGNISED.equals(outcome);
    }

    public double getCredits() {
        return credits;
    }

    public int getLevel() {
        return level;
    }

    public String getFramework() {
        return framework;
    }

    public String getReason() {
        return reason;
    }

    public String getRuleId() {
        return ruleId;
    }
}
