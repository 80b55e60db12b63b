package org.pathwayengine.cli;

import org.pathwayengine.catalog.Numbers;
import org.pathwayengine.evaluation.EvaluationResult.CreditTotal;
import org.pathwayengine.evaluation.EvaluationResult.ExcludedCredential;
import org.pathwayengine.evaluation.EvaluationResult.QualificationResult;
import org.pathwayengine.evaluation.EvaluationResult.RequirementResult;
import org.pathwayengine.evaluation.EvaluationResult;

import java.util.ArrayList;
import java.util.List;

/**
 * An evaluation answer as a designer reads it in a terminal: per qualification its status, summary and requirement
 * tree ({@code [x]} met, {@code [ ]} not), then what did not count and the rule id that decided it.
 */
final class EvaluationText {

    private EvaluationText() {
    }

    static String render(EvaluationResult result) {
        StringBuilder out = new StringBuilder();
        out.append("ruleset ").append(result.rulesetVersion()).append(", as of ").append(result.asOf());
        if (result.learner() != null) {
            out.append(", learner ").append(result.learner());
        }
        out.append('\n');
        if (result.qualifications().isEmpty()) {
            out.append("\nNo qualification has a requirement these credentials can meet.\n");
        }
        for (QualificationResult q : result.qualifications()) {
            out.append('\n').append(q.code()).append("  ").append(q.status()).append("  ").append(q.title())
                    .append('\n');
            out.append("  ").append(q.summary()).append('\n');
            if (q.pendingReview() != null) {
                out.append("  pending a registrar's review of unverified ").append(String.join(", ", q.pendingReview()))
                        .append(": this stands only if they are confirmed\n");
            }
            if (!q.credits().isEmpty()) {
                out.append("  credits counted: ").append(String.join(", ", q.credits().stream()
                        .map(EvaluationText::credits).toList())).append('\n');
            }
            if (!q.exact()) {
                out.append("  (the allocation search hit its limit: this is the best placement found)\n");
            }
            requirement(q.requirement(), "  ", out);
            if (q.rplLeftOut() != null) {
                q.rplLeftOut().forEach(l -> out.append("  left out by the prior-learning cap: ").append(l.code())
                        .append(" (").append(Numbers.plain(l.credits())).append(" credits): ").append(l.reason())
                        .append('\n'));
            }
            if (!q.decidedBy().isEmpty()) {
                out.append("  decided by: ").append(String.join(", ", q.decidedBy())).append('\n');
            }
            if (q.exceptions() != null) {
                out.append("  changed by exception: ").append(String.join(", ", q.exceptions())).append('\n');
            }
        }
        if (result.exceptions() != null) {
            out.append("\nRegistrar's exceptions:\n");
            result.exceptions().forEach(x -> out.append("  ").append(x.id()).append(" (").append(x.kind())
                    .append(") ").append(x.effect()).append(": ").append(x.explanation()).append('\n'));
        }
        if (result.credentials() != null) {
            out.append("\nVerifiable credentials:\n");
            result.credentials().forEach(c -> {
                out.append("  held[").append(c.held()).append(']');
                if (c.part() != null) {
                    out.append(" part ").append(c.part());
                }
                out.append(' ').append(c.name() == null ? c.type() : c.name()).append(" from ").append(c.issuer())
                        .append(": ").append(c.verification()).append(", ").append(c.outcome());
                if (c.code() != null) {
                    out.append(" as ").append(c.code());
                }
                out.append('\n');
                if (!"VERIFIED".equals(c.verification())) {
                    out.append("      ").append(c.verificationReason()).append('\n');
                }
                if (c.reason() != null && !c.reason().equals(c.verificationReason())) {
                    out.append("      ").append(c.reason()).append('\n');
                }
            });
        }
        if (!result.excluded().isEmpty()) {
            out.append("\nNot counted:\n");
            for (ExcludedCredential e : result.excluded()) {
                String where = e.requirement() != null ? " towards " + e.qualification() + "/" + e.requirement()
                        : e.qualification() != null ? " towards " + e.qualification() : " anywhere";
                out.append("  ").append(e.code()).append(where).append(": ").append(e.reason()).append("  [")
                        .append(e.ruleId()).append("]\n");
            }
        }
        if (!result.unused().isEmpty()) {
            out.append("\nHeld but not needed by any qualification considered: ")
                    .append(String.join(", ", result.unused())).append('\n');
        }
        if (result.notPlanned() != null) {
            out.append("\nNo next-step plan:\n");
            result.notPlanned().forEach(n -> out.append("  ").append(n.qualification()).append(": ")
                    .append(n.reason()).append('\n'));
        }
        out.append("\nRules that fired: ").append(result.firedRules().isEmpty() ? "none"
                : String.join(", ", result.firedRules())).append('\n');
        return out.toString();
    }

    /**
     * The answer at a glance, as {@code ./pathways demo} prints it: the ruleset (its version shortened like a
     * commit id), whether it was recorded, one line per qualification with its status and summary, and one line
     * per credential that did not count with the rule id that decided it.
     */
    static String brief(EvaluationResult result) {
        StringBuilder out = new StringBuilder();
        String version = result.rulesetVersion();
        out.append("ruleset ").append(version.length() > 12 ? version.substring(0, 12) + "…" : version)
                .append(", as of ").append(result.asOf())
                .append(result.recorded() ? ", recorded" : ", not recorded: " + result.notRecordedReason())
                .append('\n');
        int code = result.qualifications().stream().mapToInt(q -> q.code().length()).max().orElse(0);
        int status = result.qualifications().stream().mapToInt(q -> String.valueOf(q.status()).length()).max()
                .orElse(0);
        for (QualificationResult q : result.qualifications()) {
            out.append("  ").append(pad(q.code(), code)).append("  ").append(pad(String.valueOf(q.status()), status))
                    .append("  ").append(q.summary()).append('\n');
        }
        if (result.excluded() != null) {
            for (ExcludedCredential e : result.excluded()) {
                String where = e.requirement() != null ? " towards " + e.qualification() + "/" + e.requirement()
                        : e.qualification() != null ? " towards " + e.qualification() : "";
                out.append("  not counted").append(where).append(": ").append(e.code()).append(" (")
                        .append(e.ruleId()).append("): ").append(e.reason()).append('\n');
            }
        }
        return out.toString();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static void requirement(RequirementResult r, String indent, StringBuilder out) {
        List<String> notes = new ArrayList<>();
        if (r.credentials() != null && !r.credentials().isEmpty()) {
            notes.add("counted: " + String.join(", ", r.credentials()));
        }
        if (r.missing() != null) {
            notes.add("missing: " + r.missing());
        }
        if (r.rules() != null && !r.rules().isEmpty()) {
            notes.add("kept out by " + String.join(", ", r.rules()));
        }
        // A named credential or a whole nested qualification is met or not; "1 of 1" would only be noise.
        boolean whole = "credential".equals(r.kind()) || "qualification".equals(r.kind());
        String progress = whole || r.required() == null ? "" : " (" + number(r.counted()) + " of "
                + number(r.required()) + ("credits".equals(r.kind()) ? " credits)" : ")");
        String title = "qualification".equals(r.kind()) ? "the whole " + r.title() : r.title();
        out.append(indent).append(r.met() ? "[x] " : "[ ] ").append(title).append(progress)
                .append(notes.isEmpty() ? "" : ": " + String.join("; ", notes)).append('\n');
        if (r.children() != null) {
            r.children().forEach(c -> requirement(c, indent + "    ", out));
        }
    }

    private static String credits(CreditTotal c) {
        return number(c.credits()) + " " + c.framework();
    }


    private static String number(Double d) {
        return d == null ? "0" : Numbers.plain(d);
    }
}
