package org.pathwayengine.model;

/**
 * One qualification of a pathway and the requirement tree that earns it.
 */
public record AwardSpec(String qualification, AwardCredit credit, RequirementSpec requires) {

    /**
     * Award-level credit rules: a minimum total and a minimum at a level, in one framework, with a cap on credit
     * from recognition of prior learning (credentials not issued by the awarding institution).
     */
    public record AwardCredit(String framework, String institution, double minTotal, MinAtLevel minAtLevel,
                              Double rplCap) {
    }

    /** At least this many credits at this level or above. */
    public record MinAtLevel(int level, double credits) {
    }
}
