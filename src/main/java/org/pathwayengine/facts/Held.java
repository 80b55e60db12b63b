package org.pathwayengine.facts;

import org.pathwayengine.catalog.GradeScale;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A credential the learner holds, joined with its catalog entry, with values precomputed against the as-of date
 * so that rules compare plain fields.
 */
public final class Held {

    /** Where a credential in an evaluation comes from. */
    public enum Source {
        /** The request's {@code held} list: earned. */
        HELD,
        /** The request's {@code hypothetical} list: "what if I also earned this". */
        HYPOTHETICAL,
        /** A catalog credential the evaluation weighs as a next step; it never appears in the answer. */
        PROSPECT,
        /** A catalog credential only tested against requirement filters; it is never inserted into a session. */
        PROBE,
        /**
         * A held credential taken again as a next step (renewed, retaken), weighed like a prospect: it replaces the
         * held one, which does not count (expired, too old, excluded by a policy).
         */
        RENEWAL
    }

    private final int index;
    private final Source source;
    private final int position;
    private final String code;
    private final String title;
    private final LocalDate awarded;
    private final LocalDate expires;
    private final String issuer;
    private final String claimedIssuer;
    private final boolean assessed;
    private final String grade;
    private final Double mark;
    private final int attempt;
    private final GradeScale scale;
    private final List<String> areas;
    private final int level;
    private final Map<String, Integer> levels;
    private final double credits;
    private final String framework;
    private final int hours;
    private final String achievementType;
    private final String assessment;
    private final String qualityAssurance;
    private final int monthsSinceAwarded;
    // Qualifications whose requirements may count this planned credential; null for everywhere.
    private final java.util.Set<String> weighedFor;
    // The date a registrar's EXTEND_VALIDITY exception lets it count as valid until; null without one.
    private final LocalDate extendedUntil;
    // What a verifiable credential says beyond the catalog; null for a credential named by code.
    private final Presented presented;

    public Held(int index, Source source, int position, String code, String title, LocalDate awarded, LocalDate expires, String issuer,
                String claimedIssuer, boolean assessed, Grading grading, List<String> areas, int level,
                Map<String, Integer> levels, double credits,
                String framework, int hours, String achievementType, String assessment, String qualityAssurance,
                int monthsSinceAwarded) {
        this.index = index;
        this.source = source;
        this.position = position;
        this.code = code;
        this.title = title;
        this.awarded = awarded;
        this.expires = expires;
        this.issuer = issuer;
        this.claimedIssuer = claimedIssuer;
        this.assessed = assessed;
        this.grade = grading.grade();
        this.mark = grading.mark();
        this.attempt = grading.attempt();
        this.scale = grading.scale();
        this.areas = List.copyOf(areas);
        this.level = level;
        this.levels = Map.copyOf(levels);
        this.credits = credits;
        this.framework = framework;
        this.hours = hours;
        this.achievementType = achievementType;
        this.assessment = assessment;
        this.qualityAssurance = qualityAssurance;
        this.monthsSinceAwarded = monthsSinceAwarded;
        this.weighedFor = null;
        this.extendedUntil = null;
        this.presented = null;
    }

    private Held(Held h, java.util.Set<String> weighedFor) {
        this(h, weighedFor == null ? null : java.util.Set.copyOf(weighedFor), h.extendedUntil, h.presented);
    }

    private Held(Held h, java.util.Set<String> weighedFor, LocalDate extendedUntil, Presented presented) {
        this.index = h.index;
        this.source = h.source;
        this.position = h.position;
        this.code = h.code;
        this.title = h.title;
        this.awarded = h.awarded;
        this.expires = h.expires;
        this.issuer = h.issuer;
        this.claimedIssuer = h.claimedIssuer;
        this.assessed = h.assessed;
        this.grade = h.grade;
        this.mark = h.mark;
        this.attempt = h.attempt;
        this.scale = h.scale;
        this.areas = h.areas;
        this.level = h.level;
        this.levels = h.levels;
        this.credits = h.credits;
        this.framework = h.framework;
        this.hours = h.hours;
        this.achievementType = h.achievementType;
        this.assessment = h.assessment;
        this.qualityAssurance = h.qualityAssurance;
        this.monthsSinceAwarded = h.monthsSinceAwarded;
        this.weighedFor = weighedFor;
        this.extendedUntil = extendedUntil;
        this.presented = presented;
    }

    /** This credential, with a registrar's extension of its validity to this date. */
    public Held extendedTo(LocalDate until) {
        return new Held(this, weighedFor, until, presented);
    }

    /** This credential, given as a verifiable credential that says this. */
    public Held presentedAs(Presented what) {
        return new Held(this, weighedFor, extendedUntil, what);
    }

    /**
     * What its verifiable credential says beyond the catalog (its id, issuer, achievement, results, verification);
     * null for a credential named by catalog code.
     */
    public Presented getBadge() {
        return presented;
    }

    /** Whether it was given as a verifiable credential (an Open Badges credential), rather than by catalog code. */
    public boolean isPresented() {
        return presented != null;
    }

    /**
     * Whether it counts only until a registrar reviews it: a verifiable credential that did not verify, under rules
     * that count such credentials pending review.
     */
    public boolean isPendingReview() {
        return presented != null && presented.pendingReview();
    }

    /** Its verifiable credential's evidence; empty for a credential named by code or without evidence. */
    public List<Presented.Evidence> getEvidence() {
        return presented == null ? List.of() : presented.evidence();
    }

    /**
     * Whether its verifiable credential has evidence of this genre (case-insensitive): a policy that counts a badge
     * only with evidence from practice writes {@code $h : Held( presented, hasEvidence("Practice") == false )}.
     */
    public boolean hasEvidence(String genre) {
        return getEvidence().stream().anyMatch(e -> e.genre() != null && e.genre().equalsIgnoreCase(genre));
    }

    /** Credits its verifiable credential says were earned, or null. */
    public Double getCreditsEarned() {
        return presented == null ? null : presented.creditsEarned();
    }

    /** The date a registrar's EXTEND_VALIDITY exception lets it count as valid until; null without one. */
    public LocalDate getExtendedUntil() {
        return extendedUntil;
    }

    /**
     * Whether a registrar extended its validity to this date or beyond: a policy that judges a credential's age
     * (recency) honours the extension with {@code Evaluation( $asOf : asOf, $h.isExtendedPast(asOf) == false )}.
     */
    public boolean isExtendedPast(LocalDate date) {
        return extendedUntil != null && !extendedUntil.isBefore(date);
    }

    /**
     * This planned credential, weighed only towards these qualifications: elsewhere enough credentials just like it
     * are weighed already (the evaluation's prospects say which), so no requirement of another accepts it.
     */
    public Held weighedOnlyFor(java.util.Set<String> qualifications) {
        return new Held(this, qualifications);
    }

    /** Whether a requirement of this qualification may count this credential at all. */
    public boolean isWeighedFor(String qualification) {
        return weighedFor == null || weighedFor.contains(qualification);
    }

    /**
     * This credential's number within one evaluation, unique among those in its session: the request's
     * {@code held} list first (0 up), then its {@code hypothetical} list, then the prospects; -1 for a probe. The
     * allocator and planner work on these numbers; everything else asks {@link #getSource()} and
     * {@link #getPosition()}.
     */
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

    /** How a credential was graded: the grade on its catalog scale (or null), a numeric mark, which attempt. */
    public record Grading(String grade, Double mark, int attempt, GradeScale scale) {
        public static Grading of(String grade, Double mark, Integer attempt, GradeScale scale) {
            return new Grading(grade, mark, attempt == null ? 1 : attempt, scale);
        }
    }

    /** The grade as awarded, or null when none was given (and for a credential not earned yet). */
    public String getGrade() {
        return grade;
    }

    /** The numeric mark as awarded (a percentage, say), or null. */
    public Double getMark() {
        return mark;
    }

    /** Which attempt earned it: 1 for the first sitting, 2 or more for a resit. */
    public int getAttempt() {
        return attempt;
    }

    /** Whether it was earned at a resit (attempt 2 or later). */
    public boolean isResit() {
        return attempt > 1;
    }

    /** The id of the catalog grade scale its grade is on, or null. */
    public String getGradeScale() {
        return scale == null ? null : scale.id();
    }

    /** The scale itself, for comparing grades. */
    public GradeScale scale() {
        return scale;
    }

    /** The grade's place on its scale (0 = lowest), or -1 when there is no grade or scale. */
    public int getGradeRank() {
        return scale == null ? -1 : scale.rank(grade);
    }

    /** Whether its grade is below its scale's pass grade: failed, so it counts nowhere. */
    public boolean isFailed() {
        return scale != null && scale.fails(grade);
    }

    /** Why it failed, in words, or null when it did not. */
    public String getFailure() {
        return isFailed() ? "failed: grade " + grade + " is below the pass grade " + scale.pass() + " of the "
                + scale.title() + " scale" : null;
    }

    public List<String> getAreas() {
        return areas;
    }

    /** The credit level in the credential's own framework's scheme (0 when it carries no levelled credit). */
    public int getLevel() {
        return level;
    }

    /**
     * The credit level read in another level scheme (SCQF, EQF, ...) through the level map, or null when the map has
     * no corresponding level or the credential carries no credit.
     */
    public Integer levelIn(String scheme) {
        return levels.get(scheme);
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

    public Source getSource() {
        return source;
    }

    /** Position in the list it comes from: held[i] or hypothetical[i] of the request, the n-th prospect; -1 for a probe. */
    public int getPosition() {
        return position;
    }

    /** True for a credential the learner does not hold yet: a what-if credential, a prospect or a probe. */
    public boolean isHypothetical() {
        return source != Source.HELD;
    }

    /** True for a credential the request named (held or hypothetical), which the answer reports on. */
    public boolean isGiven() {
        return source == Source.HELD || source == Source.HYPOTHETICAL;
    }

    /** True for a catalog credential weighed as a next step, a renewal of a held one included. */
    public boolean isProspect() {
        return source == Source.PROSPECT || source == Source.RENEWAL;
    }

    /** True for a held credential weighed as a next step taken again (renewed or retaken). */
    public boolean isRenewal() {
        return source == Source.RENEWAL;
    }

    @Override
    public String toString() {
        return "Held[" + index + ":" + code + "]";
    }
}
