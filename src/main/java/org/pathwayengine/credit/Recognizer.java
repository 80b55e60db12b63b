package org.pathwayengine.credit;

import org.pathwayengine.facts.Held;
import org.pathwayengine.facts.Recognition;

import java.time.LocalDate;
import java.util.List;

/**
 * Reads a recognising institution's equivalence table for one held credential: the first row for its code that
 * is valid on the as-of date decides; its conditions (assessed, quality assurance, grade, recency) must hold.
 */
public final class Recognizer {

    /** Rule id of the decision when the table has no row for the credential. */
    public static final String NO_EQUIVALENCE = "SYS-NO-EQUIVALENCE";

    private Recognizer() {
    }

    public static Recognition decide(RecognitionFile table, Held held, String qualityAssurance, LocalDate asOf) {
        List<RecognitionFile.Rule> rows = table.rules().stream()
                .filter(r -> r.credentials().contains(held.getCode()))
                .toList();
        RecognitionFile.Rule row = rows.stream().filter(r -> r.validOn(asOf)).findFirst().orElse(null);
        if (row == null) {
            String reason = rows.isEmpty()
                    ? "no equivalence for " + held.getCode() + " at " + table.institution()
                    : "the equivalence for " + held.getCode() + " at " + table.institution() + " does not apply on "
                    + asOf + " (" + dates(rows.get(0)) + ")";
            return new Recognition(held, table.institution(), Recognition.NOT_RECOGNISED, 0, 0, null, reason,
                    rows.isEmpty() ? NO_EQUIVALENCE : rows.get(0).id());
        }
        String note = row.note() == null ? "" : ": " + row.note();
        return switch (row.outcome()) {
            case "recognised" -> {
                String unmet = unmet(row.when(), table.grades(), held, qualityAssurance, asOf);
                yield unmet == null
                        ? new Recognition(held, table.institution(), Recognition.RECOGNISED, row.credit().credits(),
                        row.credit().level(), row.credit().framework(), "recognised by " + table.institution() + note,
                        row.id())
                        : new Recognition(held, table.institution(), Recognition.NOT_RECOGNISED, 0, 0, null, unmet,
                        row.id());
            }
            case "pending-review" -> new Recognition(held, table.institution(), Recognition.PENDING_REVIEW, 0, 0, null,
                    "an equivalence may apply at " + table.institution() + " but needs a registrar's decision" + note,
                    row.id());
            default -> new Recognition(held, table.institution(), Recognition.NOT_RECOGNISED, 0, 0, null,
                    "carries no credit at " + table.institution() + note, row.id());
        };
    }

    /** The first condition the credential fails, in words, or null when all hold. */
    private static String unmet(RecognitionFile.When when, List<String> grades, Held held, String qualityAssurance,
                                LocalDate asOf) {
        if (when == null) {
            return null;
        }
        if (when.assessed() != null && when.assessed() && !held.isAssessed()) {
            return "recognised only when assessed, and this award was not";
        }
        if (!when.qualityAssurance().isEmpty() && !when.qualityAssurance().contains(qualityAssurance)) {
            return "recognised only with quality assurance " + when.qualityAssurance() + ", not '" + qualityAssurance
                    + "'";
        }
        if (when.minGrade() != null) {
            int need = grades.indexOf(when.minGrade());
            int got = held.getGrade() == null ? -1 : grades.indexOf(held.getGrade());
            if (got < need) {
                return "recognised from grade " + when.minGrade() + " up; the grade was "
                        + (held.getGrade() == null ? "not given" : "'" + held.getGrade() + "'");
            }
        }
        if (when.awardedWithin() != null && held.getAwarded().plus(when.awardedWithin()).isBefore(asOf)) {
            return "recognised only when awarded within " + when.awardedWithin() + " of the as-of date";
        }
        return null;
    }

    private static String dates(RecognitionFile.Rule row) {
        return "valid " + (row.validFrom() == null ? "" : "from " + row.validFrom() + " ")
                + (row.validTo() == null ? "" : "to " + row.validTo());
    }
}
