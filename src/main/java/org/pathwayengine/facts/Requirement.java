package org.pathwayengine.facts;

import org.pathwayengine.catalog.Filter;

/**
 * A leaf requirement of one qualification, as a fact: policy rules may match it (by qualification, id or kind)
 * to exclude credentials from it; the engine's candidacy rules match held credentials against it.
 */
public final class Requirement {

    private final String qualification;
    private final String id;
    private final String kind;
    private final String credential;
    private final Filter filter;
    private final int leafIndex;
    private final boolean levelInCredit;
    private final String levelScheme;
    private Double meanMark;

    public Requirement(String qualification, String id, String kind, String credential, Filter filter, int leafIndex) {
        this(qualification, id, kind, credential, filter, leafIndex, false);
    }

    /**
     * @param levelInCredit the level filter applies to the credit as converted or recognised, which the engine
     *                      checks when it counts the credit, not here
     */
    public Requirement(String qualification, String id, String kind, String credential, Filter filter, int leafIndex,
                       boolean levelInCredit) {
        this(qualification, id, kind, credential, filter, leafIndex, levelInCredit, null);
    }

    /**
     * @param levelScheme the level scheme the filter's levels are read in (SCQF, CQFW, ...): a credential in
     *                    another framework is compared at its corresponding level, and one with no corresponding
     *                    level does not pass a level bound; null to compare levels as written
     */
    public Requirement(String qualification, String id, String kind, String credential, Filter filter, int leafIndex,
                       boolean levelInCredit, String levelScheme) {
        this.levelInCredit = levelInCredit;
        this.levelScheme = levelScheme;
        this.qualification = qualification;
        this.id = id;
        this.kind = kind;
        this.credential = credential;
        this.filter = filter;
        this.leafIndex = leafIndex;
    }

    public String getQualification() {
        return qualification;
    }

    public String getId() {
        return id;
    }

    /** "credential" (one named credential), "count" (N credentials from ...) or "credits" (X credits from ...). */
    public String getKind() {
        return kind;
    }

    /** The credential code, for kind "credential". */
    public String getCredential() {
        return credential;
    }

    public Filter getFilter() {
        return filter;
    }

    public int getLeafIndex() {
        return leafIndex;
    }

    /** Whether the held credential is of the kind this requirement asks for (before any policy exclusion). */
    public boolean accepts(Held held) {
        if (!held.isWeighedFor(qualification)) {
            return false;
        }
        if ("credential".equals(kind)) {
            return credential.equals(held.getCode());
        }
        if (levelInCredit) {
            return filter.acceptsIgnoringLevel(held.getCode(), held.getAreas(), held.getIssuer(),
                    held.getAchievementType(), held.scale());
        }
        if ("credits".equals(kind) && held.getCredits() <= 0) {
            return false;
        }
        int level = held.getLevel();
        if (levelScheme != null && held.getFramework() != null && (filter.minLevel() != null
                || filter.maxLevel() != null)) {
            Integer read = held.levelIn(levelScheme);
            if (read == null) {
                return false;
            }
            level = read;
        }
        return filter.accepts(held.getCode(), held.getAreas(), level, held.getIssuer(), held.getAchievementType(),
                held.scale());
    }

    /**
     * Asks that what this requirement counts averages at least this mark (only marked credentials count here).
     *
     * @return this requirement
     */
    public Requirement averaging(Double mark) {
        this.meanMark = mark;
        return this;
    }

    /** The average mark what this requirement counts must reach, or null. */
    public Double getMeanMark() {
        return meanMark;
    }

    /** Whether the requirement asks for a grade or a mark (its filter's minGrade or minMark, or an average mark). */
    public boolean isGradeCondition() {
        return filter.gradeCondition() || meanMark != null;
    }

    /**
     * Why an earned credential of the kind this requirement asks for falls short of its grade or mark, or null when
     * it does not. A credential not earned yet (a next step) is taken to reach what the requirement asks.
     */
    public String gradeShortfall(Held held) {
        if (held.isProspect() || held.getSource() == Held.Source.PROBE) {
            return null;
        }
        String minGrade = filter.minGrade();
        if (minGrade != null) {
            if (held.getGrade() == null) {
                return "no grade given; this requirement needs " + minGrade + " or better";
            }
            if (held.getGradeRank() < held.scale().rank(minGrade)) {
                return "grade " + held.getGrade() + " is below the " + minGrade + " this requirement needs";
            }
        }
        if (meanMark != null && held.getMark() == null) {
            return "no mark given; this requirement averages the marks of what it counts ("
                    + org.pathwayengine.catalog.Numbers.plain(meanMark) + " or more)";
        }
        Double minMark = filter.minMark();
        if (minMark != null) {
            String need = org.pathwayengine.catalog.Numbers.plain(minMark);
            if (held.getMark() == null) {
                return "no mark given; this requirement needs a mark of " + need + " or more";
            }
            if (held.getMark() < minMark) {
                return "mark " + org.pathwayengine.catalog.Numbers.plain(held.getMark()) + " is below the " + need
                        + " this requirement needs";
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "Requirement[" + qualification + "/" + id + "]";
    }
}
