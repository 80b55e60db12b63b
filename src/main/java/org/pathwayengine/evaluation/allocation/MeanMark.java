package org.pathwayengine.evaluation.allocation;

import java.util.Arrays;

/**
 * A condition on the average mark of what a leaf counts: the credentials counted at {@code leaf}, weighted by the
 * units each brings there (1 for a count, its credits for a credits requirement), must average at least
 * {@code threshold}. {@code marks} holds each credential's mark by credential index; {@link Double#NaN} for a
 * credential without one, which cannot count at this leaf.
 */
public record MeanMark(int leaf, double threshold, double[] marks) {

    public MeanMark {
        if (leaf < 0) {
            throw new IllegalArgumentException("mean-mark leaf must be >= 0 but was " + leaf);
        }
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("mean-mark threshold must be finite but was " + threshold);
        }
        if (marks == null) {
            throw new IllegalArgumentException("marks must not be null");
        }
        marks = marks.clone();
    }

    /** The mark of a credential, or NaN when it has none (or is out of range). */
    public double markOf(int credential) {
        return credential < marks.length ? marks[credential] : Double.NaN;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MeanMark m && m.leaf == leaf && m.threshold == threshold && Arrays.equals(m.marks, marks);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * leaf + Double.hashCode(threshold)) + Arrays.hashCode(marks);
    }

    @Override
    public String toString() {
        return "MeanMark[leaf=" + leaf + ", threshold=" + threshold + ", marks=" + Arrays.toString(marks) + "]";
    }
}
