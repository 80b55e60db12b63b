package org.pathwayengine.facts;

import java.time.LocalDate;
import java.util.List;

/**
 * A credential the learner holds, joined with its catalog entry, with values precomputed against the as-of date
 * so that rules compare plain fields.
 */
public final class Held {

    private final int index;
    private final String code;
    private final String title;
    private final LocalDate awarded;
    private final LocalDate expires;
    private final String issuer;
    private final String claimedIssuer;
    private final boolean assessed;
    private final String grade;
    private final List<String> areas;
    private final int level;
    private final double credits;
    private final String framework;
    private final int hours;
    private final String achievementType;
    private final String assessment;
    private final String qualityAssurance;
    private final int monthsSinceAwarded;
    private final boolean hypothetical;

    public Held(int index, String code, String title, LocalDate awarded, LocalDate expires, String issuer,
                String claimedIssuer, boolean assessed, String grade, List<String> areas, int level, double credits, String framework,
                int hours, String achievementType, String assessment, String qualityAssurance,
                int monthsSinceAwarded, boolean hypothetical) {
        this.index = index;
        this.code = code;
        this.title = title;
        this.awarded = awarded;
        this.expires = expires;
        this.issuer = issuer;
        this.claimedIssuer = claimedIssuer;
        this.assessed = assessed;
        this.grade = grade;
        this.areas = List.copyOf(areas);
        this.level = level;
        this.credits = credits;
        this.framework = framework;
        this.hours = hours;
        this.achievementType = achievementType;
        this.assessment = assessment;
        this.qualityAssurance = qualityAssurance;
        this.monthsSinceAwarded = monthsSinceAwarded;
        this.hypothetical = hypothetical;
    }

    /** Position in the request's list of held credentials. */
    public int getIndex() {
        return index;
    }

    public String getCode() {
        return code;
    }

    public String getTitle() {
        return title;
    }

    public LocalDate getAwarded() {
        return awarded;
    }

    /** When it stops being valid: the stated expiry, else the award date plus the catalog's validity; null if never. */
    public LocalDate getExpires() {
        return expires;
    }

    public String getIssuer() {
        return issuer;
    }

    /** The issuer the request stated, or null; the engine excludes the credential when it differs from the catalog. */
    public String getClaimedIssuer() {
        return claimedIssuer;
    }

    /** Whether the learning was assessed (from the request, else the catalog's assessment type). */
    public boolean isAssessed() {
        return assessed;
    }

    public String getGrade() {
        return grade;
    }

    public List<String> getAreas() {
        return areas;
    }

    public int getLevel() {
        return level;
    }

    public double getCredits() {
        return credits;
    }

    public String getFramework() {
        return framework;
    }

    public int getHours() {
        return hours;
    }

    public String getAchievementType() {
        return achievementType;
    }

    public String getAssessment() {
        return assessment;
    }

    public String getQualityAssurance() {
        return qualityAssurance;
    }

    /** Whole months from the award date to the as-of date. */
    public int getMonthsSinceAwarded() {
        return monthsSinceAwarded;
    }

    /** True for a what-if credential the learner does not hold yet. */
    public boolean isHypothetical() {
        return hypothetical;
    }

    @Override
    public String toString() {
        return "Held[" + index + ":" + code + "]";
    }
}
