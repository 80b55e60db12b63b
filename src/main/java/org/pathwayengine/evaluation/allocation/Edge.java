package org.pathwayengine.evaluation.allocation;

/** Credential {@code credential} may count towards leaf {@code leaf}, contributing {@code weight} units (1 or its credits). */
public record Edge(int credential, int leaf, double weight) {
    public Edge {
        if (credential < 0) {
            throw new IllegalArgumentException("candidate credential must be >= 0 but was " + credential);
        }
        if (leaf < 0) {
            throw new IllegalArgumentException("candidate leaf must be >= 0 but was " + leaf);
        }
        // Negative weights would break the monotonicity that the search's bound relies on.
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("candidate (credential " + credential + ", leaf " + leaf
                    + "): weight must be finite and >= 0 but was " + weight);
        }
    }
}
