package org.pathwayengine.credit;

import org.pathwayengine.catalog.CreditValue;

import java.time.LocalDate;
import java.time.Period;
import java.util.AbstractList;
import java.util.List;
import java.util.Set;

/**
 * A recognising institution's credit equivalence table, as its registry writes it in {@code rules/}.
 */
public record RecognitionFile(String kind, String institution, String owner, String source, List<String> grades,
                              List<Rule> rules) {

    public RecognitionFile {
        grades = grades == null ? List.of() : List.copyOf(grades);
        rules = new Rows(rules == null ? List.of() : rules);
    }

    /** Whether a row of this table is about the credential (whatever it decides, on whatever date). */
    public boolean names(String code) {
        return ((Rows) rules).named.contains(code);
    }

    /**
     * The rows, read-only, with every code they name: planning asks {@link #names} of each catalog credential it
     * weighs, for each table, in every evaluation, and a large table has hundreds of rows.
     */
    private static final class Rows extends AbstractList<Rule> {
        private final List<Rule> rows;
        private final Set<String> named;

        Rows(List<Rule> rows) {
            this.rows = List.copyOf(rows);
            this.named = this.rows.stream().flatMap(r -> r.credentials().stream())
                    .collect(java.util.stream.Collectors.toUnmodifiableSet());
        }

        @Override
        public Rule get(int index) {
            return rows.get(index);
        }

        @Override
        public int size() {
            return rows.size();
        }
    }

    /** One row: these credentials earn this outcome (and credit) here, under these conditions, in these dates. */
    public record Rule(String id, List<String> credentials, String outcome, CreditValue credit, When when,
                       LocalDate validFrom, LocalDate validTo, String note) {

        public Rule {
            credentials = credentials == null ? List.of() : List.copyOf(credentials);
        }

        public boolean validOn(LocalDate day) {
            return (validFrom == null || !day.isBefore(validFrom)) && (validTo == null || !day.isAfter(validTo));
        }
    }

    /** Conditions on the held credential. */
    public record When(Boolean assessed, List<String> qualityAssurance, String minGrade, Period awardedWithin) {
        public When {
            qualityAssurance = qualityAssurance == null ? List.of() : List.copyOf(qualityAssurance);
        }
    }
}
