package org.pathwayengine.facts;

/**
 * The engine's conclusion that a held credential may count towards a requirement; the allocator then decides
 * whether it does.
 */
public final class Candidate {

    private final Held held;
    private final Requirement requirement;
    private final String ruleId;

    public Candidate(Held held, Requirement requirement, String ruleId) {
        this.held = held;
        this.requirement = requirement;
        this.ruleId = ruleId;
    }

    public Held getHeld() {
        return held;
    }

    public Requirement getRequirement() {
        return requirement;
    }

    public String getRuleId() {
        return ruleId;
    }
}
