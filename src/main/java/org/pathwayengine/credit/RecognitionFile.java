package org.pathwayengine.credit;

import org.pathwayengine.catalog.CreditValue;

import java.time.LocalDate;
import java.time.Period;
import java.util.List;

/**
 * A recognising institution's credit equivalence table, as its registry writes it in {@code rules/}.
 */
public record RecognitionFile(String kind, String institution, String owner, String source, List<String> grades,
                              List<Rule> rules) {

    public RecognitionFile {
        grades = grades == null ? List.of() : List.copyOf(grades);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** One row: these credentials earn this outcome (and credit) here, under these conditions, in these dates. */
    /** Whether a row of this table is about the credential (whatever it decides, on whatever date). */
    public boolean names(String code) {
        return rules.stream().anyMatch(r -> r.credentials().contains(code));
    }

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
