package org.pathwayengine.evaluation;

/**
 * How much searching one evaluation did, for operators' metrics: the exact allocations it ran (each a branch and
 * bound over the learner's credentials), the nodes those explored, and the next-step planner's goal tests (each a
 * question "would these credentials complete the qualification?"). Growth of these figures with the catalog is
 * what makes an evaluation slow, long before its time shows it. Filled in by one evaluation on one thread.
 */
public final class SearchSizes {

    private long allocations;
    private long allocationNodes;
    private long planningGoalTests;

    void allocated(long explored) {
        allocations++;
        allocationNodes += explored;
    }

    void goalTests(long tests) {
        planningGoalTests += tests;
    }

    /** Exact allocations run, including the planner's goal tests and the exceptions' leave-one-out evaluations. */
    public long allocations() {
        return allocations;
    }

    /** Branch-and-bound nodes the allocations explored, all together. */
    public long allocationNodes() {
        return allocationNodes;
    }

    /** Sets of catalog credentials the next-step planner tested as completions (0 without next steps). */
    public long planningGoalTests() {
        return planningGoalTests;
    }
}
