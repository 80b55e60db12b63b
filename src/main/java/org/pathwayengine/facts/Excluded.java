package org.pathwayengine.facts;

import org.kie.api.runtime.rule.RuleContext;

import java.util.Objects;

/**
 * A decision that a held credential does not count: everywhere, towards one qualification, or towards one
 * requirement. Rules create it with the factory methods, which record the deciding rule's {@code @id}.
 */
public final class Excluded {

    private final Held held;
    private final String qualification;
    private final Requirement requirement;
    private final String reason;
    private final String ruleId;

    public Excluded(Held held, String qualification, Requirement requirement, String reason, String ruleId) {
        this.held = Objects.requireNonNull(held, "held");
        this.qualification = requirement != null ? requirement.getQualification() : qualification;
        this.requirement = requirement;
        this.reason = Objects.requireNonNull(reason, "reason");
        this.ruleId = Objects.requireNonNull(ruleId, "ruleId");
    }

    /** The credential counts nowhere. */
    public static Excluded everywhere(RuleContext kcontext, Held held, String reason) {
        return new Excluded(held, null, null, reason, ruleId(kcontext));
    }

    /** The credential does not count towards this qualification. */
    public static Excluded fromQualification(RuleContext kcontext, Held held, Qualification qualification,
                                             String reason) {
        return new Excluded(held, qualification.getCode(), null, reason, ruleId(kcontext));
    }

    /** The credential does not count towards this requirement. */
    public static Excluded fromRequirement(RuleContext kcontext, Held held, Requirement requirement, String reason) {
        return new Excluded(held, null, requirement, reason, ruleId(kcontext));
    }

    /** The rule's {@code @id}, or its name when it has none. */
    public static String ruleId(RuleContext kcontext) {
        Object id = kcontext.getRule().getMetaData().get("id");
        return id != null ? id.toString() : kcontext.getRule().getName();
    }

    public Held getHeld() {
        return held;
    }

    /** The qualification it applies to, or null for every qualification. */
    public String getQualification() {
        return qualification;
    }

    /** The requirement it applies to, or null for every requirement in scope. */
    public Requirement getRequirement() {
        return requirement;
    }

    public String getReason() {
        return reason;
    }

    public String getRuleId() {
        return ruleId;
    }

    /** Whether this exclusion stops the credential counting towards that requirement. */
    public boolean appliesTo(Requirement r) {
        if (requirement != null) {
            return requirement == r;
        }
        return qualification == null || qualification.equals(r.getQualification());
    }
}
