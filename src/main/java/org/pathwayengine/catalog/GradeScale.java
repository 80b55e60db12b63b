package org.pathwayengine.catalog;

import java.util.List;

/**
 * An ordered grade scale of a catalog (pass/merit/distinction, letters, UK degree classes), lowest grade first.
 *
 * @param pass the lowest grade that passes: a credential awarded below it was failed and counts nowhere
 */
public record GradeScale(String id, String title, List<String> grades, String pass) {

    public GradeScale {
        grades = grades == null ? List.of() : List.copyOf(grades);
    }

    /** The grade's place on the scale (0 = lowest), or -1 when it is not on it. */
    public int rank(String grade) {
        return grade == null ? -1 : grades.indexOf(grade);
    }

    /** Whether a grade on this scale is below its pass grade. */
    public boolean fails(String grade) {
        int rank = rank(grade);
        return pass != null && rank >= 0 && rank < rank(pass);
    }

    /** The scale in words, e.g. "Fail, Pass, Merit, Distinction". */
    public String describe() {
        return String.join(", ", grades);
    }
}
