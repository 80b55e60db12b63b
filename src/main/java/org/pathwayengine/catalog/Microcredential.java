package org.pathwayengine.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Period;
import java.util.List;

/**
 * A catalog microcredential, with the EU microcredential elements and Open Badges 3.0 {@code Achievement} fields
 * that stacking and credit decisions need.
 *
 * @param validFor   how long an award stays valid (ISO 8601 period), or null when it does not expire
 * @param gradeScale the id of the catalog grade scale its grades are on, or null when it is not graded on one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Microcredential(
        String code,
        String title,
        String description,
        String issuer,
        String achievementType,
        List<String> areas,
        CreditValue credit,
        int hours,
        Integer eqfLevel,
        String assessment,
        String qualityAssurance,
        String participation,
        List<Alignment> alignment,
        List<String> learningOutcomes,
        Period validFor,
        Prerequisites prerequisites,
        List<String> recommends,
        String gradeScale) {

    public Microcredential {
        areas = areas == null ? List.of() : List.copyOf(areas);
        alignment = alignment == null ? List.of() : List.copyOf(alignment);
        learningOutcomes = learningOutcomes == null ? List.of() : List.copyOf(learningOutcomes);
        recommends = recommends == null ? List.of() : List.copyOf(recommends);
    }

    /** The same credential with the default achievement type filled in. */
    public Microcredential withAchievementType(String type) {
        return new Microcredential(code, title, description, issuer, type, areas, credit, hours, eqfLevel, assessment,
                qualityAssurance, participation, alignment, learningOutcomes, validFor, prerequisites, recommends,
                gradeScale);
    }

    /** The same credential carrying no credit (from an issuer not trusted for credit). */
    public Microcredential withoutCredit() {
        return new Microcredential(code, title, description, issuer, achievementType, areas, null, hours, eqfLevel,
                assessment, qualityAssurance, participation, alignment, learningOutcomes, validFor, prerequisites,
                recommends, gradeScale);
    }

    /** The credit level, or 0 when the credential carries no levelled credit. */
    public int level() {
        return credit == null || credit.level() == null ? 0 : credit.level();
    }

    /** The credits, or 0 when the credential carries none. */
    public double credits() {
        return credit == null ? 0 : credit.credits();
    }
}
