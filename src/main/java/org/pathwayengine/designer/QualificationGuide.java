package org.pathwayengine.designer;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.pathwayengine.catalog.Catalog;
import org.pathwayengine.catalog.Filter;
import org.pathwayengine.catalog.Microcredential;
import org.pathwayengine.catalog.Numbers;
import org.pathwayengine.catalog.QualificationEntry;
import org.pathwayengine.evaluation.Evaluator;
import org.pathwayengine.evaluation.QualificationGate;
import org.pathwayengine.facts.Held;
import org.pathwayengine.facts.Qualification;
import org.pathwayengine.facts.Requirement;
import org.pathwayengine.model.Award;
import org.pathwayengine.model.RequirementTree;
import org.pathwayengine.model.RuleInfo;
import org.pathwayengine.model.Ruleset;
import org.pathwayengine.ruleset.PathwayResolver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A qualification's requirements explained for designers and callers: the tree in words and as data, what Drools
 * runs for it, and its pathway as a Mermaid flowchart. The command line ({@code explain}) and the API serve it.
 */
public final class QualificationGuide {

    /** One qualification explained. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A qualification's requirement tree, in words and as data, and what the rules engine runs for it.")
    public record Explanation(
            String code,
            String title,
            String type,
            Integer level,
            String pathway,
            @Schema(description = "Where its requirements are written: file:line in the rules directory.")
            String source,
            RequirementNode requirement,
            @Schema(description = "What must be held before it can be awarded, in words: its own prerequisites and"
                    + " those of awards it includes whole; absent when there are none.")
            List<String> entryRequirements,
            Drools drools,
            @Schema(description = "Everything above as plain text, as the command line prints it.")
            String text) {
    }

    /** One requirement: its form, what it asks in words, and its parts. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @Schema(description = "One requirement of the tree.")
    public record RequirementNode(
            String id,
            @Schema(description = "allOf, choose, qualification, credential, count or credits.")
            String kind,
            @Schema(description = "The title the designer gave it, when it is not just the rule in words.")
            String title,
            @Schema(description = "What it asks, in words.")
            String text,
            @Schema(description = "For allOf, choose and qualification: how many parts must be met.")
            Integer required,
            String credential,
            String qualification,
            Integer count,
            Double credits,
            @Schema(description = "For credits: at most this many count here.")
            Double atMost,
            @Schema(description = "For count and credits: the credentials counted here must average at least this"
                    + " mark (weighted by credits for credits).")
            Double meanMark,
            @Schema(description = "For count and credits: which credentials are accepted.")
            Filter where,
            @Schema(description = "True when a credential counted here may also count towards another requirement.")
            Boolean shareable,
            String source,
            List<RequirementNode> children) {
    }

    /** What Drools runs for a qualification. */
    @Schema(description = "The facts the engine inserts for this qualification and the rules that can match them.")
    public record Drools(
            List<FactRules> facts,
            @Schema(description = "Rules that see held credentials only; they apply to this and every qualification.")
            List<String> everyQualification) {
    }

    /** One fact the engine inserts, and the rules one of whose conditions accepts it. */
    @Schema(description = "A fact inserted for this qualification and the rules that can match it.")
    public record FactRules(String fact, List<RuleReach.Match> rules) {
    }

    private final Ruleset ruleset;
    private final Catalog catalog;

    public QualificationGuide(Ruleset ruleset) {
        this.ruleset = ruleset;
        this.catalog = ruleset.catalog();
    }

    /** The qualification explained, or empty when no pathway says what it requires. */
    public Optional<Explanation> explain(String code) {
        Award award = ruleset.awards().get(code);
        if (award == null) {
            return Optional.empty();
        }
        QualificationEntry q = award.qualification();
        RequirementNode tree = node(award.root());
        Drools drools = drools(award);
        List<String> entry = QualificationGate.entryRequirements(catalog, award).stream()
                .map(e -> e.from().code().equals(q.code()) ? e.describe()
                        : e.describe() + " (for the " + e.from().title() + " it includes)").toList();
        return Optional.of(new Explanation(q.code(), q.title(), q.type(), q.level(), award.pathway(), award.source(),
                tree, entry.isEmpty() ? null : entry, drools, text(award, tree, entry, drools)));
    }

    /**
     * The facts the evaluator inserts for this qualification when a held credential fits one of its requirements:
     * the qualification, and one requirement fact per leaf in tree order (the leaf index is that order).
     */
    public static List<Object> facts(Award award) {
        // The evaluator's own construction, so what is explained is what runs.
        List<Object> facts = new ArrayList<>();
        facts.add(Evaluator.qualificationFact(award));
        facts.addAll(Evaluator.leafFacts(award));
        return facts;
    }

    /** The engine's rule that applies a registrar's ALLOW exception. */
    private static final String ALLOWANCE = "SYS-EXCEPTION-ALLOW";

    private Drools drools(Award award) {
        RuleReach reach = new RuleReach(ruleset);
        List<FactRules> facts = new ArrayList<>();
        for (Object fact : facts(award)) {
            // The registrar's allowance matches every requirement, but acts only for a learner with an ALLOW
            // exception naming it; the text says so once, below.
            facts.add(new FactRules(describe(fact), reach.matching(fact).stream()
                    .filter(m -> !m.ruleId().equals(ALLOWANCE)).toList()));
        }
        // Rules on neither qualifications nor requirements are listed only when they look at held credentials.
        List<RuleInfo> notOnHeld = reach.independentOf(Set.of(Held.class));
        List<String> every = reach.independentOf(Set.of(Qualification.class,
                        Requirement.class)).stream()
                .filter(r -> !notOnHeld.contains(r))
                .map(RuleInfo::id).toList();
        return new Drools(facts, every);
    }

    private static String describe(Object fact) {
        if (fact instanceof Qualification q) {
            return "Qualification(code: " + q.getCode() + ", type: " + q.getType() + ", level: " + q.getLevel()
                    + ", tags: " + q.getTags() + ", pathway: " + q.getPathway() + ")";
        }
        Requirement r = (Requirement) fact;
        String filter = r.getFilter().describe(a -> a);
        String what = r.getCredential() != null ? ", credential: " + r.getCredential()
                : filter.isEmpty() ? "" : ", accepts: " + filter;
        return "Requirement(qualification: " + r.getQualification() + ", id: " + r.getId() + ", kind: "
                + r.getKind() + what + ")";
    }

    private RequirementNode node(RequirementTree r) {
        String source = r.source();
        Boolean shareable = r.shareable() ? Boolean.TRUE : null;
        String share = shareable == null ? "" : "; shareable: a credential counted here may also count elsewhere";
        if (r instanceof RequirementTree.Nested n) {
            String words = "the whole " + n.title() + " (" + n.qualification() + ") as an exit award on the way";
            return new RequirementNode(n.id(), "qualification", null, words + share, 1, null, n.qualification(), null,
                    null, null, null, null, shareable, source, List.of(node(n.inner())));
        }
        if (r instanceof RequirementTree.Group g) {
            boolean choose = g instanceof RequirementTree.Choose;
            String words = choose ? g.required() + " of these " + g.children().size()
                    : "all of these " + g.children().size();
            String generated = choose ? g.required() + " of " + g.children().size() : "All of";
            List<RequirementNode> children = g.children().stream().map(this::node).toList();
            return new RequirementNode(g.id(), choose ? "choose" : "allOf", titleUnless(g.title(), generated),
                    words + share, g.required(), null, null, null, null, null, null, null, shareable, source,
                    children);
        }
        if (r instanceof RequirementTree.CredentialLeaf c) {
            String title = catalog.microcredential(c.code()).map(Microcredential::title).orElse(c.code());
            return new RequirementNode(c.id(), "credential", titleUnless(c.title(), title),
                    "the credential " + c.code() + " (" + title + ")" + share, null, c.code(), null, null, null,
                    null, null, null, shareable, source, List.of());
        }
        if (r instanceof RequirementTree.CountLeaf c) {
            String filter = filterText(c.filter());
            String averaging = RequirementTree.averaging(c.meanMark());
            String words = c.count() + (c.count() == 1 ? " credential " : " credentials ")
                    + (filter.isEmpty() ? "of any kind" : filter) + averaging;
            return new RequirementNode(c.id(), "count", titleUnless(c.title(), (c.count() + " credentials " + filter)
                    .trim() + averaging), words + share, null, null, null, c.count(), null, null, c.meanMark(),
                    c.filter(), shareable, source, List.of());
        }
        if (r instanceof RequirementTree.CreditsLeaf c) {
            String filter = filterText(c.filter());
            String averaging = RequirementTree.averaging(c.meanMark());
            String generated = (Numbers.plain(c.credits()) + " credits " + filter).trim() + averaging;
            String words = "at least " + Numbers.plain(c.credits()) + " credits "
                    + (filter.isEmpty() ? "from any credentials" : filter) + averaging
                    + (c.atMost() == null ? "" : "; at most " + Numbers.plain(c.atMost()) + " count here");
            return new RequirementNode(c.id(), "credits", titleUnless(c.title(), generated), words + share, null,
                    null, null, null, c.credits(), c.atMost(), c.meanMark(), c.filter(), shareable, source,
                    List.of());
        }
        return new RequirementNode(r.id(), "requirement", r.title(), r.title(), null, null, null, null, null, null,
                null, null, null, source, List.of());
    }

    private String filterText(Filter f) {
        return f.describe(a -> catalog.areas().containsKey(a) ? catalog.areas().get(a).title() : a);
    }

    private static String titleUnless(String title, String generated) {
        return title == null || title.equals(generated) ? null : title;
    }

    private String text(Award award, RequirementNode tree, List<String> entry, Drools drools) {
        QualificationEntry q = award.qualification();
        StringBuilder out = new StringBuilder();
        out.append(q.code()).append("  ").append(q.title()).append('\n');
        List<String> about = new ArrayList<>();
        about.add(q.type());
        if (q.level() != null) {
            about.add("level " + q.level());
        }
        if (q.credit() != null) {
            about.add(Numbers.plain(q.credit().credits()) + " " + q.credit().framework() + " credits");
        }
        out.append("  ").append(String.join(", ", about)).append("; pathway ").append(award.pathway())
                .append(", written at ").append(award.source()).append("\n\nRequires:\n");
        lines(tree, "  ", out);
        if (!entry.isEmpty()) {
            out.append("\nBefore it can be awarded (entry requirements, checked after the requirements):\n");
            entry.forEach(e -> out.append("  - ").append(e).append('\n'));
        }
        out.append("\nWhat Drools runs for it, once a held credential fits one of its requirements:\n");
        for (FactRules f : drools.facts()) {
            out.append("  insert ").append(f.fact()).append('\n');
            if (f.rules().isEmpty()) {
                out.append("    no rule's conditions match it\n");
            }
            for (RuleReach.Match m : f.rules()) {
                out.append("    matched by ").append(m.ruleId()).append(" (").append(m.file()).append(':')
                        .append(m.line()).append("): ").append(m.pattern()).append('\n');
            }
        }
        out.append("  and on every held credential, for this and every qualification: ")
                .append(drools.everyQualification().isEmpty() ? "no rule"
                        : String.join(", ", drools.everyQualification())).append('\n');
        out.append("  and on a requirement a registrar's ALLOW exception names, for that learner: ").append(ALLOWANCE)
                .append('\n');
        return out.toString();
    }

    private static void lines(RequirementNode n, String indent, StringBuilder out) {
        out.append(indent).append("- ").append(n.title() == null ? "" : n.title() + ": ").append(n.text())
                .append("  [").append(n.id()).append("]\n");
        n.children().forEach(c -> lines(c, indent + "  ", out));
    }

    /**
     * The pathway this qualification is on as a Mermaid flowchart: each qualification of the pathway (and any it
     * nests from elsewhere) a box with its requirement tree, an exit award drawn as an arrow to its own box.
     */
    public Optional<String> graph(String code) {
        Award asked = ruleset.awards().get(code);
        if (asked == null) {
            return Optional.empty();
        }
        Map<String, Award> drawn = new LinkedHashMap<>();
        ruleset.awards().values().stream().filter(p -> p.pathway().equals(asked.pathway()))
                .forEach(p -> include(p, drawn));
        Mermaid mermaid = new Mermaid(drawn);
        return Optional.of(mermaid.render(asked.pathway(), code));
    }

    private void include(Award award, Map<String, Award> drawn) {
        if (drawn.putIfAbsent(award.qualification().code(), award) != null) {
            return;
        }
        collectNested(award.root(), drawn);
    }

    private void collectNested(RequirementTree r, Map<String, Award> drawn) {
        if (r instanceof RequirementTree.Nested n) {
            Optional.ofNullable(ruleset.awards().get(n.qualification())).ifPresent(p -> include(p, drawn));
        } else if (r instanceof RequirementTree.Group g) {
            g.children().forEach(c -> collectNested(c, drawn));
        }
    }

    /** Renders plans as one flowchart; node ids are generated, so codes never clash with Mermaid's syntax. */
    private final class Mermaid {

        private final Map<String, Award> plans;
        private final Map<String, String> rootIds = new LinkedHashMap<>();
        private final List<String> edges = new ArrayList<>();
        private final List<String> shareable = new ArrayList<>();
        private int next;

        Mermaid(Map<String, Award> plans) {
            this.plans = plans;
            plans.keySet().forEach(code -> rootIds.put(code, "n" + next++));
        }

        String render(String pathway, String highlighted) {
            StringBuilder out = new StringBuilder("flowchart TD\n");
            out.append("  %% pathway ").append(pathway).append(": each box is a qualification; an arrow into a box")
                    .append(" is an exit award counted whole\n");
            int box = 0;
            for (Award award : plans.values()) {
                QualificationEntry q = award.qualification();
                String boxId = "q" + box++;
                out.append("  subgraph ").append(boxId).append("[\"").append(escape(q.title() + " (" + q.code() + ")"))
                        .append("\"]\n");
                draw(award.root(), rootIds.get(q.code()), out);
                out.append("  end\n");
                if (q.code().equals(highlighted)) {
                    out.append("  style ").append(boxId).append(" stroke-width:3px\n");
                }
            }
            edges.forEach(e -> out.append("  ").append(e).append('\n'));
            if (!shareable.isEmpty()) {
                out.append("  classDef shareable stroke-dasharray: 5 5\n");
                out.append("  class ").append(String.join(",", shareable)).append(" shareable\n");
            }
            return out.toString();
        }

        private void draw(RequirementTree r, String id, StringBuilder out) {
            RequirementNode n = node(r);
            String label = n.title() == null ? n.text() : n.title() + "<br/>" + n.text();
            if (r.shareable()) {
                shareable.add(id);
            }
            if (r instanceof RequirementTree.Leaf) {
                out.append("    ").append(id).append("[\"").append(escape(label)).append("\"]\n");
                return;
            }
            out.append("    ").append(id).append("(\"").append(escape(label)).append("\")\n");
            if (r instanceof RequirementTree.Nested nested && rootIds.containsKey(nested.qualification())) {
                edges.add(id + " --> " + rootIds.get(nested.qualification()));
                return;
            }
            for (RequirementTree child : ((RequirementTree.Group) r).children()) {
                String childId = "n" + next++;
                draw(child, childId, out);
                out.append("    ").append(id).append(" --> ").append(childId).append('\n');
            }
        }

        private static String escape(String label) {
            return label.replace("\"", "#quot;").replace("<br/>", "\u0000").replace("<", "#lt;").replace(">", "#gt;")
                    .replace("\u0000", "<br/>");
        }
    }
}
