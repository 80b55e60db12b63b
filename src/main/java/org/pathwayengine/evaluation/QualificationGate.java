package org.pathwayengine.evaluation;

import org.pathwayengine.catalog.Catalog;
import org.pathwayengine.catalog.Numbers;
import org.pathwayengine.catalog.Prerequisites;
import org.pathwayengine.catalog.QualificationEntry;
import org.pathwayengine.evaluation.EvaluationResult.QualificationResult;
import org.pathwayengine.facts.Held;
import org.pathwayengine.model.Award;
import org.pathwayengine.model.RequirementTree;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A qualification's own prerequisites (entry requirements) are enforced, not only displayed: while any is missing
 * the qualification is not ELIGIBLE, however complete its requirements, and the answer says what is missing.
 * Prerequisites may name other qualifications, so withholding one award can withhold another; the prerequisite
 * graph is acyclic (checked at load) and withholding only ever shrinks the eligible set, so the repetition below
 * settles within one pass per qualification.
 */
public final class QualificationGate {

    /** The rule id that explains an outcome decided by a qualification's prerequisites. */
    static final String RULE_ID = "SYS-QUALIFICATION-PREREQUISITE";

    private QualificationGate() {
    }

    /**
     * Entry requirements that apply to a qualification: its own prerequisites, and those of every qualification
     * its pathway includes as a mandatory part (reached through "all of" only), since the included award must be
     * awardable for the whole to be. An award included as one option of a choice does not impose its own.
     */
    public record Entry(QualificationEntry from, Prerequisites prerequisites) {

        /** The entry requirement in words: "AIL-TK-101 and 1 of {AIL-PU-230, AIL-TK-210}, each awarded within P3Y". */
        public String describe() {
            List<String> parts = new ArrayList<>();
            if (!prerequisites.allOf().isEmpty()) {
                parts.add(String.join(" and ", prerequisites.allOf()));
            }
            if (prerequisites.choose() != null) {
                parts.add(prerequisites.choose() + " of {" + String.join(", ", prerequisites.from()) + "}");
            }
            return String.join(" and ", parts)
                    + (prerequisites.within() == null ? "" : ", each awarded within " + prerequisites.within());
        }
    }

    public static List<Entry> entryRequirements(Catalog catalog, Award award) {
        List<Entry> out = new ArrayList<>();
        if (award.qualification().prerequisites() != null) {
            out.add(new Entry(award.qualification(), award.qualification().prerequisites()));
        }
        included(award.root(), catalog, out);
        return out;
    }

    private static void included(RequirementTree r, Catalog catalog, List<Entry> out) {
        if (r instanceof RequirementTree.Nested n) {
            QualificationEntry q = catalog.qualifications().get(n.qualification());
            if (q != null && q.prerequisites() != null && out.stream().noneMatch(e -> e.from().equals(q))) {
                out.add(new Entry(q, q.prerequisites()));
            }
            included(n.inner(), catalog, out);
        } else if (r instanceof RequirementTree.Group g && g.required() == g.children().size()) {
            g.children().forEach(c -> included(c, catalog, out));
        }
    }

    static List<QualificationResult> apply(Catalog catalog, Map<String, Award> plans, List<Held> held,
                                           Set<Integer> excludedEverywhere, LocalDate asOf,
                                           List<QualificationResult> assessed) {
        Map<String, QualificationResult> base = new LinkedHashMap<>();
        assessed.forEach(r -> base.put(r.code(), r));
        Set<String> eligible = eligible(assessed);
        // Each pass can only withhold more; one pass per qualification is the most it can take to settle.
        for (int pass = 0; ; pass++) {
            PrerequisiteCheck prerequisites = new PrerequisiteCheck(catalog, held, excludedEverywhere, eligible, asOf);
            List<QualificationResult> next = new ArrayList<>();
            for (QualificationResult r : assessed) {
                next.add(gate(catalog, plans.get(r.code()), r, prerequisites, base));
            }
            Set<String> now = eligible(next);
            if (now.equals(eligible) || pass > assessed.size()) {
                return next;
            }
            eligible = now;
        }
    }

    private static QualificationResult gate(Catalog catalog, Award award, QualificationResult r,
                                            PrerequisiteCheck prerequisites, Map<String, QualificationResult> base) {
        if (award == null) {
            return r;
        }
        List<String> missing = new ArrayList<>();
        double extra = 0;
        for (Entry entry : entryRequirements(catalog, award)) {
            List<String> lacking = prerequisites.missing(entry.prerequisites());
            if (lacking.isEmpty()) {
                continue;
            }
            boolean own = entry.from().code().equals(r.code());
            lacking.forEach(m -> missing.add(own ? m : "for the " + entry.from().title() + " it includes: " + m));
            // A qualification named as a prerequisite costs what its own requirements still need, or, when nothing
            // on the learner's record relates to it, nothing known here: the next-steps plan has the full figure.
            extra += prerequisites.hoursToMeet(entry.prerequisites(),
                    code -> base.containsKey(code) ? base.get(code).remainingHours() : 0);
        }
        if (missing.isEmpty()) {
            return r;
        }
        double remaining = Math.ceil(r.remainingHours() + extra);
        Set<String> decidedBy = new TreeSet<>(r.decidedBy());
        decidedBy.add(RULE_ID);
        String needs = String.join("; ", missing);
        Status status = r.status() == Status.ELIGIBLE ? Status.IN_PROGRESS : r.status();
        String summary = r.status() == Status.ELIGIBLE
                ? "Every requirement for " + r.title() + " is met, but it cannot be awarded until its prerequisites"
                + " are: " + needs + "; about " + Numbers.rounded(remaining) + " more hours of learning."
                : r.summary() + " Its prerequisites are not met yet: " + needs + ".";
        return r.gated(status, summary, remaining, List.copyOf(decidedBy), List.copyOf(missing));
    }

    /** The codes of the qualifications that are ELIGIBLE. */
    static Set<String> eligible(List<QualificationResult> results) {
        Set<String> out = new TreeSet<>();
        results.stream().filter(q -> q.status() == Status.ELIGIBLE).forEach(q -> out.add(q.code()));
        return out;
    }
}
