package org.pathwayengine.interchange;

import org.pathwayengine.catalog.Alignment;
import org.pathwayengine.catalog.Catalog;
import org.pathwayengine.catalog.CreditValue;
import org.pathwayengine.catalog.Filter;
import org.pathwayengine.catalog.Microcredential;
import org.pathwayengine.catalog.Numbers;
import org.pathwayengine.catalog.QualificationEntry;
import org.pathwayengine.model.Award;
import org.pathwayengine.model.RequirementTree;
import org.pathwayengine.model.Ruleset;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes a qualification's pathway as CTDL JSON-LD, so a curriculum team can publish in the Credential Registry
 * what the engine runs: a {@code ceterms:Pathway} whose destination is the qualification, a credential component per
 * qualification (nested exit awards included), a basic component per inner group, a course component per catalog
 * credential, and a {@code ceterms:ComponentCondition} for each group's rule. Ids kept from an import are reused;
 * others are CTIDs derived from the codes, stable from one export to the next.
 */
public final class CtdlExport {

    /** The document and what it could not say exactly. */
    public record Document(Map<String, Object> jsonLd, List<String> notes) {
    }

    private final Ruleset ruleset;
    private final Catalog catalog;
    private final Map<String, Map<String, Object>> graph = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    private CtdlExport(Ruleset ruleset) {
        this.ruleset = ruleset;
        this.catalog = ruleset.catalog();
    }

    /** The qualification's pathway, or empty when the rules have no pathway for it. */
    public static Optional<Document> of(Ruleset ruleset, String code) {
        Award award = ruleset.awards().get(code);
        if (award == null) {
            return Optional.empty();
        }
        CtdlExport export = new CtdlExport(ruleset);
        return Optional.of(export.document(award));
    }

    private Document document(Award award) {
        QualificationEntry q = award.qualification();
        String pathwayCtid = ctid(q.alignment(), Ctdl.PATHWAY, "pathway:" + q.code());
        Map<String, Object> pathway = new LinkedHashMap<>();
        pathway.put("@id", id(q.alignment(), Ctdl.PATHWAY, pathwayCtid));
        pathway.put("@type", "ceterms:Pathway");
        pathway.put("ceterms:ctid", pathwayCtid);
        pathway.put("ceterms:name", lang(pathwayName(q)));
        pathway.put("ceterms:description", lang("The requirements of " + q.title() + " as Pathway Engine runs them"
                + " (ruleset " + ruleset.version() + ", " + award.source() + ")."));
        String destination = qualification(award);
        pathway.put("ceterms:hasDestinationComponent", List.of(destination));
        pathway.put("ceterms:hasChild", List.of(destination));
        List<Object> nodes = new ArrayList<>();
        nodes.add(pathway);
        nodes.addAll(graph.values());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("@context", Ctdl.CONTEXT);
        doc.put("@graph", nodes);
        return new Document(doc, List.copyOf(notes));
    }

    private static String pathwayName(QualificationEntry q) {
        return q.alignment().stream().filter(a -> Ctdl.PATHWAY.equals(a.framework())).map(Alignment::name)
                .findFirst().orElse(q.title());
    }

    /** A qualification's credential component, once; its @id. */
    private String qualification(Award award) {
        QualificationEntry q = award.qualification();
        String ctid = ctid(q.alignment(), Ctdl.COMPONENT, "qualification:" + q.code());
        String id = id(q.alignment(), Ctdl.COMPONENT, ctid);
        if (graph.containsKey(id)) {
            return id;
        }
        Map<String, Object> c = component(id, "ceterms:CredentialComponent", ctid, q.title(), q.code());
        c.put("ceterms:credentialType", Ctdl.credentialType(q.type()));
        if (q.credit() != null) {
            c.put("ceterms:creditValue", List.of(credit(q.credit())));
        }
        graph.put(id, c);
        RequirementTree tree = withoutAwardCredit(award.root());
        if (tree != null) {
            condition(c, tree, q.code());
        }
        if (award.credit() != null) {
            // The credit total over whichever credentials carry it: a condition naming no component.
            Map<String, Object> total = new LinkedHashMap<>();
            total.put("@type", "ceterms:ComponentCondition");
            total.put("ceterms:name", lang(Numbers.plain(award.credit().minTotal()) + " " + award.credit().framework()
                    + " credits in all"));
            total.put("ceterms:hasConstraint", List.of(creditAtLeast(award.credit().minTotal())));
            List<Object> conditions = new ArrayList<>();
            if (c.get("ceterms:hasCondition") != null) {
                conditions.addAll((List<?>) c.get("ceterms:hasCondition"));
            }
            conditions.add(total);
            c.put("ceterms:hasCondition", conditions);
            if (q.credit() == null || !award.credit().framework().equals(q.credit().framework())) {
                c.put("ceterms:creditValue", List.of(credit(new CreditValue(award.credit().framework(),
                        award.credit().minTotal(), null))));
            }
        }
        if (award.credit() != null) {
            notes.add(q.code() + ": its award-level credit rules (" + Numbers.plain(award.credit().minTotal()) + " "
                    + award.credit().framework() + " credits in all) are said in words only; CTDL conditions name"
                    + " components, and these rules take credit from any");
            c.put("ceterms:description", lang("Also requires " + Numbers.plain(award.credit().minTotal()) + " "
                    + award.credit().framework() + " credits in all, awarded or recognised by "
                    + award.credit().institution() + "."));
        }
        return id;
    }

    /** Writes the rule of a node onto the component that stands for it. */
    private void condition(Map<String, Object> component, RequirementTree node, String qualification) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("@type", "ceterms:ComponentCondition");
        if (node.title() != null) {
            condition.put("ceterms:name", lang(node.title()));
        }
        List<String> targets = new ArrayList<>();
        int required;
        if (node instanceof RequirementTree.Nested n) {
            targets.add(nested(n));
            required = 1;
        } else if (node instanceof RequirementTree.Group g) {
            for (RequirementTree child : g.children()) {
                targets.add(target(child, qualification));
            }
            required = g.required();
        } else if (node instanceof RequirementTree.CredentialLeaf l) {
            targets.add(credential(l.code()));
            required = 1;
        } else if (node instanceof RequirementTree.CountLeaf l) {
            if (l.meanMark() != null) {
                notes.add(qualification + "/" + l.id() + ": its average mark is not expressible in CTDL and is left"
                        + " out");
            }
            accepted(l.filter(), l.id(), qualification).forEach(code -> targets.add(credential(code)));
            required = l.count();
        } else {
            RequirementTree.CreditsLeaf l = (RequirementTree.CreditsLeaf) node;
            accepted(l.filter(), l.id(), qualification).forEach(code -> targets.add(credential(code)));
            condition.put("ceterms:hasConstraint", List.of(creditAtLeast(l.credits())));
            if (l.recognisedBy() != null || l.atMost() != null) {
                notes.add(qualification + "/" + l.id() + ": only the credit amount is exported; its recognising"
                        + " institution and cap are not expressible as a CTDL constraint");
            }
            required = 0;
        }
        if (required > 0) {
            condition.put("ceterms:requiredNumber", required);
        }
        condition.put("ceterms:targetComponent", targets);
        component.put("ceterms:hasChild", targets);
        component.put("ceterms:hasCondition", List.of(condition));
    }

    /** A CTDL constraint: the summed credit value of the targets at least this much. */
    private static Map<String, Object> creditAtLeast(double credits) {
        Map<String, Object> constraint = new LinkedHashMap<>();
        constraint.put("@type", "ceterms:Constraint");
        constraint.put("ceterms:leftSource", List.of("ceterms:creditValue"));
        constraint.put("ceterms:leftAction", "arrayOperation:Sum");
        constraint.put("ceterms:comparator", "comparator:greaterThanEqualTo");
        constraint.put("ceterms:rightValue", List.of(Numbers.plain(credits)));
        return constraint;
    }

    /**
     * The requirement tree as the pathway file writes it: award-level credit rules, which the loader adds beside the
     * tree and which take credit from any credential, are said in words instead. Null when they are all there is.
     */
    private static RequirementTree withoutAwardCredit(RequirementTree root) {
        if (!(root instanceof RequirementTree.AllOf all) || all.children().stream().noneMatch(
                CtdlExport::awardRule)) {
            return root;
        }
        List<RequirementTree> rest = all.children().stream().filter(c -> !awardRule(c)).toList();
        return rest.isEmpty() ? null : rest.size() == 1 ? rest.get(0)
                : new RequirementTree.AllOf(all.id(), all.title(), all.source(), rest, all.shareable());
    }

    private static boolean awardRule(RequirementTree node) {
        return node instanceof RequirementTree.CreditsLeaf l && l.awardRule();
    }

    private List<String> accepted(Filter filter, String id, String qualification) {
        if (filter.minGrade() != null || filter.minMark() != null) {
            notes.add(qualification + "/" + id + ": its minimum grade or mark is not expressible in CTDL and is left"
                    + " out");
        }
        if (!filter.credentials().isEmpty() && filter.areas().isEmpty() && filter.issuers().isEmpty()
                && filter.achievementTypes().isEmpty() && filter.minLevel() == null && filter.maxLevel() == null
                && filter.minGrade() == null && filter.minMark() == null) {
            return filter.credentials();
        }
        List<String> codes = catalog.accepted(filter).stream().map(Microcredential::code).toList();
        notes.add(qualification + "/" + id + ": a rule over areas, levels or issuers is exported as the "
                + codes.size() + " catalog credential" + (codes.size() == 1 ? "" : "s") + " it accepts today");
        return codes;
    }

    /** The component a child stands for: an inner group as a basic component, a leaf as its credential. */
    private String target(RequirementTree child, String qualification) {
        if (child instanceof RequirementTree.Nested n) {
            return nested(n);
        }
        if (child instanceof RequirementTree.CredentialLeaf l) {
            return credential(l.code());
        }
        String ctid = derived("group:" + qualification + "/" + child.id());
        String id = "urn:ctid:" + ctid;
        Map<String, Object> c = component(id, "ceterms:BasicComponent", ctid,
                child.title() != null ? child.title() : child.id(), null);
        graph.put(id, c);
        condition(c, child, qualification);
        return id;
    }

    private String nested(RequirementTree.Nested n) {
        Award inner = ruleset.awards().get(n.qualification());
        if (inner != null) {
            return qualification(inner);
        }
        QualificationEntry q = catalog.qualifications().get(n.qualification());
        String ctid = ctid(q == null ? List.of() : q.alignment(), Ctdl.COMPONENT, "qualification:" + n.qualification());
        return id(q == null ? List.of() : q.alignment(), Ctdl.COMPONENT, ctid);
    }

    /** A catalog credential's course component, once; its @id. */
    private String credential(String code) {
        Microcredential m = catalog.microcredentials().get(code);
        List<Alignment> alignment = m == null ? List.of() : m.alignment();
        String ctid = ctid(alignment, Ctdl.COMPONENT, "credential:" + code);
        String id = id(alignment, Ctdl.COMPONENT, ctid);
        if (!graph.containsKey(id)) {
            Map<String, Object> c = component(id, "ceterms:CourseComponent", ctid, m == null ? code : m.title(), code);
            if (m != null && m.description() != null) {
                c.put("ceterms:description", lang(m.description()));
            }
            if (m != null && m.credit() != null) {
                c.put("ceterms:creditValue", List.of(credit(m.credit())));
            }
            String method = m == null || m.assessment() == null ? null : switch (m.assessment()) {
                case "exam" -> "assessMethod:Exam";
                case "portfolio" -> "assessMethod:Artifact";
                case "practical" -> "assessMethod:Performance";
                default -> null;
            };
            if (method != null) {
                c.put("ceterms:assessmentMethodType", List.of(method));
            }
            graph.put(id, c);
        }
        return id;
    }

    private static Map<String, Object> component(String id, String type, String ctid, String name, String code) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("@id", id);
        c.put("@type", type);
        c.put("ceterms:ctid", ctid);
        c.put("ceterms:name", lang(name));
        if (code != null) {
            c.put("ceterms:codedNotation", code);
        }
        return c;
    }

    private static Map<String, Object> credit(CreditValue credit) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("@type", "schema:QuantitativeValue");
        v.put("schema:value", credit.credits());
        v.put("schema:unitText", Ctdl.unit(credit.framework()));
        if (credit.level() != null) {
            Map<String, Object> level = new LinkedHashMap<>();
            level.put("@type", "ceterms:CredentialAlignmentObject");
            level.put("ceterms:targetNodeName", lang(credit.framework() + " level " + credit.level()));
            level.put("ceterms:codedNotation", String.valueOf(credit.level()));
            v.put("ceterms:creditLevelType", List.of(level));
        }
        return v;
    }

    private static Map<String, String> lang(String text) {
        return Map.of("en", text);
    }

    /** The CTID an import kept under this framework, else one derived from the key. */
    private static String ctid(List<Alignment> alignment, String framework, String key) {
        return alignment.stream().filter(a -> framework.equals(a.framework()) && a.code() != null
                        && a.code().startsWith("ce-")).map(Alignment::code).findFirst()
                .orElseGet(() -> derived(key));
    }

    /** The @id an import kept under this framework, else a URN of the CTID (the registry assigns its URI). */
    private static String id(List<Alignment> alignment, String framework, String ctid) {
        return alignment.stream().filter(a -> framework.equals(a.framework()) && ctid.equals(a.code())
                        && a.url() != null).map(Alignment::url).findFirst()
                .orElse("urn:ctid:" + ctid);
    }

    private static String derived(String key) {
        return "ce-" + UUID.nameUUIDFromBytes(("pathway-engine:" + key).getBytes(StandardCharsets.UTF_8));
    }
}
