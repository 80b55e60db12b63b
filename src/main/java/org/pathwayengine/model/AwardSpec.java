package org.pathwayengine.model;

/**
 * One qualification of a pathway and what earns it: a requirement tree, award-level credit rules, or both (at least
 * one of the two).
 */
public record AwardSpec(String qualification, AwardCredit credit, RequirementSpec requires) {

    /**
     * Award-level credit rules: a minimum total and a minimum at a level, in one framework, with a cap on credit
     * from recognition of prior learning (credentials not issued by the awarding institution).
     *
     * @param rplBlocks how a prior-learning credential larger than what is left of the cap counts: {@code partial}
     *                  (the default: up to the cap, as registrars usually credit 120 of a 150-credit prior award)
     *                  or {@code whole} (all of it or none)
     */
    public record AwardCredit(String framework, String institution, double minTotal, MinAtLevel minAtLevel,
                              Double rplCap, String rplBlocks) {

        /** Whether a block that does not fit the cap whole counts up to the cap. */
        public boolean partialBlocks() {
            return !"whole".equals(rplBlocks);
        }
    }

    /** At least this many credits at this level or above. */
    public record MinAtLevel(int level, double credits) {
    }
}
