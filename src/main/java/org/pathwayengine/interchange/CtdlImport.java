package org.pathwayengine.interchange;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a CTDL pathway (a {@code ceterms:Pathway} with its {@code PathwayComponent}s and {@code ComponentCondition}s,
 * as the Credential Registry publishes it) into a {@link RulesDraft}. The destination component and every
 * credential component with conditions become qualifications (exit awards nest as {@code qualification:}); other
 * components with conditions become groups; components without conditions become catalog credentials.
 */
public final class CtdlImport {

    private final RulesDraft draft;
    private final Map<String, JsonNode> byId = new HashMap<>();
    private final Map<String, String> codes = new HashMap<>();
    private final Set<String> usedCodes;
    private final Set<String> building = new HashSet<>();
    private final Set<String> reached = new HashSet<>();
    private final Set<String> expanding = new HashSet<>();
    private final Set<String> checkedUnread = new HashSet<>();
    private Set<String> treeIds;
    private String issuer;

    /** @param takenCodes codes the rules directory uses already, which an imported entry must not take */
    public CtdlImport(RulesDraft draft, Set<String> takenCodes) {
        this.draft = draft;
        this.usedCodes = new HashSet<>(takenCodes);
    }

    /** The nodes of a document: its {@code @graph}, an array of nodes, or one node. */
    static List<JsonNode> nodes(JsonNode doc) {
        if (doc.isObject() && doc.has("@graph")) {
            return Ctdl.many(doc.get("@graph"));
        }
        return Ctdl.many(doc);
    }

    /** The name of the document's first pathway, or null. */
    public static String title(JsonNode doc) {
        for (JsonNode n : nodes(doc)) {
            if (n.isObject() && "Pathway".equals(Ctdl.type(n)) && Ctdl.text(Ctdl.get(n, "name")) != null) {
                return Ctdl.text(Ctdl.get(n, "name"));
            }
        }
        return null;
    }

    /** Reads every pathway of the document into the draft. */
    public void read(JsonNode doc) throws NotImportable {
        List<JsonNode> pathways = new ArrayList<>();
        for (JsonNode n : nodes(doc)) {
            if (!n.isObject()) {
                continue;
            }
            String id = n.hasNonNull("@id") ? n.get("@id").asText() : null;
            String ctid = Ctdl.text(Ctdl.get(n, "ctid"));
            if (id != null) {
                byId.put(id, n);
            }
            if (ctid != null) {
                byId.put(ctid, n);
            }
            if ("Pathway".equals(Ctdl.type(n))) {
                pathways.add(n);
            }
        }
        if (pathways.isEmpty()) {
            throw new NotImportable("no ceterms:Pathway in the document (its @graph holds "
                    + nodes(doc).size() + " node" + (nodes(doc).size() == 1 ? "" : "s") + ")");
        }
        for (JsonNode pathway : pathways) {
            read(pathway, pathways.size() > 1);
        }
        for (JsonNode n : byId.values()) {
            String key = key(n);
            if (key != null && !reached.contains(key) && Ctdl.type(n).endsWith("Component")) {
                draft.note(RulesDraft.Kind.UNMAPPED, where(n), "a component no condition of a destination reaches");
                reached.add(key);
            }
        }
    }

    private void read(JsonNode pathway, boolean several) throws NotImportable {
        String name = Ctdl.text(Ctdl.get(pathway, "name"));
        List<JsonNode> destinations = Ctdl.many(Ctdl.get(pathway, "hasDestinationComponent"));
        if (destinations.isEmpty()) {
            throw new NotImportable("the pathway '" + name + "' names no ceterms:hasDestinationComponent: nothing"
                    + " says which credential it leads to");
        }
        issuer = issuerOf(pathway, name);
        for (JsonNode d : destinations) {
            JsonNode destination = resolve(Ctdl.ref(d));
            if (destination == null) {
                throw new NotImportable("the pathway's destination " + Ctdl.ref(d) + " is not in the document");
            }
            String code = qualification(destination);
            // The pathway's own CTID is kept on its destination, so an export names the same pathway.
            String pathwayCtid = Ctdl.text(Ctdl.get(pathway, "ctid"));
            if (pathwayCtid != null && !several) {
                draft.align(code, alignment(Ctdl.PATHWAY, pathwayCtid, name, pathway.path("@id").asText(null)));
            }
        }
    }

    private String issuerOf(JsonNode pathway, String pathwayName) {
        for (String property : List.of("ownedBy", "offeredBy")) {
            for (JsonNode owner : Ctdl.many(Ctdl.get(pathway, property))) {
                JsonNode org = owner.isObject() && owner.has("ceterms:name") ? owner : resolve(Ctdl.ref(owner));
                String orgName = org == null ? null : Ctdl.text(Ctdl.get(org, "name"));
                if (orgName != null) {
                    return draft.issuer(orgName, null, Ctdl.text(Ctdl.get(org, "subjectWebpage")), where(pathway));
                }
            }
        }
        draft.note(RulesDraft.Kind.DEFAULTED, where(pathway), "no ceterms:ownedBy organisation with a name; the"
                + " credentials' issuer is named after the pathway");
        return draft.issuer("Issuer of " + pathwayName, null, null, where(pathway));
    }

    private JsonNode resolve(String ref) {
        if (ref == null) {
            return null;
        }
        JsonNode n = byId.get(ref);
        return n != null ? n : byId.get(Ctdl.ctidOf(ref));
    }

    /** Properties that order or gate components, which the rules' requirement trees do not carry. */
    private static final List<String> NOT_READ = List.of("precedes", "prerequisite", "hasProgressionLevel");

    private void reportUnread(JsonNode n) {
        if (!checkedUnread.add(String.valueOf(key(n)))) {
            return;
        }
        for (String property : NOT_READ) {
            if (!Ctdl.many(Ctdl.get(n, property)).isEmpty()) {
                draft.note(RulesDraft.Kind.UNMAPPED, where(n), "its ceterms:" + property + " (the rules' pathways"
                        + " say what completes a qualification, not an order)");
            }
        }
    }

    private static String key(JsonNode n) {
        String ctid = Ctdl.text(Ctdl.get(n, "ctid"));
        return ctid != null ? ctid : n.path("@id").asText(null);
    }

    private static String where(JsonNode n) {
        String name = Ctdl.text(Ctdl.get(n, "name"));
        String key = key(n);
        return (name != null ? "'" + name + "'" : Ctdl.type(n)) + (key != null ? " (" + key + ")" : "");
    }

    private static Map<String, Object> alignment(String framework, String ctid, String name, String url) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("framework", framework);
        if (ctid != null) {
            a.put("code", ctid);
        }
        a.put("name", name == null ? ctid : name);
        if (url != null && !url.equals(ctid)) {
            a.put("url", url);
        }
        return a;
    }

    /** The code for a component, from its coded notation or its CTID, never one taken by another component. */
    private String codeFor(JsonNode n) {
        String key = key(n);
        String known = codes.get(key);
        if (known != null) {
            return known;
        }
        String notation = Ctdl.text(Ctdl.get(n, "codedNotation"));
        String ctid = Ctdl.text(Ctdl.get(n, "ctid"));
        String base = RulesDraft.code(notation, ctid != null ? "CTDL-" + ctid.substring(Math.max(0, ctid.length()
                - 12)).toUpperCase(java.util.Locale.ROOT) : Ctdl.text(Ctdl.get(n, "name")));
        if (notation == null) {
            draft.note(RulesDraft.Kind.DEFAULTED, where(n), "no ceterms:codedNotation; code " + base
                    + " made from its CTID");
        }
        String code = base;
        for (int i = 2; usedCodes.contains(code); i++) {
            code = base + "-" + i;
        }
        if (!code.equals(base)) {
            draft.note(RulesDraft.Kind.DEFAULTED, where(n), "code " + base + " is taken (in the rules or by another"
                    + " component); this one is " + code);
        }
        usedCodes.add(code);
        codes.put(key, code);
        return code;
    }

    private static boolean hasParts(JsonNode n) {
        return !Ctdl.many(Ctdl.get(n, "hasCondition")).isEmpty() || !Ctdl.many(Ctdl.get(n, "hasChild")).isEmpty();
    }

    /** A component that is a qualification: its catalog entry and award, once; its code. */
    private String qualification(JsonNode n) {
        String code = codeFor(n);
        reached.add(key(n));
        reportUnread(n);
        if (draft.hasQualification(code) || !building.add(code)) {
            return code;
        }
        Set<String> outer = treeIds;
        treeIds = new HashSet<>();
        StringBuilder why = new StringBuilder();
        Map<String, Object> credit = Ctdl.credit(n, why);
        if (!why.isEmpty() && credit == null) {
            draft.note(RulesDraft.Kind.UNMAPPED, where(n), why.toString());
        }
        String title = Ctdl.text(Ctdl.get(n, "name"));
        String type = Ctdl.qualificationType(Ctdl.text(Ctdl.get(n, "credentialType")));
        List<Map<String, Object>> alignments = new ArrayList<>();
        alignments.add(alignment(Ctdl.COMPONENT, Ctdl.text(Ctdl.get(n, "ctid")), title, n.path("@id").asText(null)));
        String source = Ctdl.ref(Ctdl.get(n, "proxyFor"));
        if (source != null) {
            alignments.add(alignment("CTDL credential", Ctdl.ctidOf(source), title, source));
        }
        draft.addQualification(code, title == null ? code : title, type, credit, null, alignments);
        Map<String, Object> requires = parts(n, code);
        if (requires == null) {
            draft.note(RulesDraft.Kind.UNMAPPED, where(n), "a credential component without conditions or children"
                    + " is the destination; it is required as itself");
            requires = new LinkedHashMap<>();
            requires.put("credential", credential(n));
        }
        treeIds = outer;
        draft.addAward(code, requires);
        building.remove(code);
        return code;
    }

    /** What completes a component: its conditions (all of them), else all its children; null for a leaf. */
    private Map<String, Object> parts(JsonNode n, String qualification) {
        List<JsonNode> conditions = Ctdl.many(Ctdl.get(n, "hasCondition"));
        List<Map<String, Object>> parts = new ArrayList<>();
        for (JsonNode c : conditions) {
            JsonNode condition = c.isObject() && !c.has("ceterms:name") && !c.has("ceterms:targetComponent")
                    && c.has("@id") && resolve(c.get("@id").asText()) != null ? resolve(c.get("@id").asText()) : c;
            if (c.isTextual()) {
                condition = resolve(c.asText());
            }
            if (condition == null) {
                draft.note(RulesDraft.Kind.UNMAPPED, where(n), "a condition " + Ctdl.ref(c)
                        + " that is not in the document");
                continue;
            }
            Map<String, Object> part = condition(condition, qualification);
            if (part != null) {
                parts.add(part);
            }
        }
        if (!conditions.isEmpty()) {
            if (parts.isEmpty()) {
                return null;
            }
            if (parts.size() > 1) {
                draft.note(RulesDraft.Kind.READ_AS, where(n), "its " + parts.size() + " conditions are read as all"
                        + " required");
            }
            return parts.size() == 1 ? parts.get(0) : group(n, parts, parts.size());
        }
        List<JsonNode> children = Ctdl.many(Ctdl.get(n, "hasChild"));
        if (children.isEmpty()) {
            return null;
        }
        draft.note(RulesDraft.Kind.READ_AS, where(n), "no condition: each of its " + children.size()
                + " children is read as required");
        List<Map<String, Object>> items = new ArrayList<>();
        for (JsonNode child : children) {
            Map<String, Object> item = target(Ctdl.ref(child), n, qualification);
            if (item != null) {
                items.add(item);
            }
        }
        return items.isEmpty() ? null : group(n, items, items.size());
    }

    private Map<String, Object> condition(JsonNode c, String qualification) {
        List<Map<String, Object>> items = new ArrayList<>();
        List<String> leaves = new ArrayList<>();
        boolean allLeaves = true;
        for (JsonNode t : Ctdl.many(Ctdl.get(c, "targetComponent"))) {
            Map<String, Object> item = target(Ctdl.ref(t), c, qualification);
            if (item == null) {
                continue;
            }
            items.add(item);
            if (item.size() == 1 && item.containsKey("credential")) {
                leaves.add((String) item.get("credential"));
            } else {
                allLeaves = false;
            }
        }
        List<JsonNode> subConditions = Ctdl.many(Ctdl.get(c, "hasCondition"));
        for (JsonNode sub : subConditions) {
            Map<String, Object> item = condition(sub, qualification);
            if (item != null) {
                items.add(item);
                allLeaves = false;
            }
        }
        Double credits = creditConstraint(c);
        if (credits != null) {
            if (!allLeaves || leaves.isEmpty()) {
                draft.note(RulesDraft.Kind.UNMAPPED, where(c), "a credit constraint over components that are not"
                        + " all credentials; the constraint is left out");
            } else {
                Map<String, Object> r = header(c);
                r.put("credits", credits == Math.rint(credits) ? (Object) (long) credits.doubleValue() : credits);
                r.put("where", Map.of("credentials", leaves));
                return r;
            }
        }
        if (items.isEmpty()) {
            draft.note(RulesDraft.Kind.UNMAPPED, where(c), "a condition with no target component in the document");
            return null;
        }
        JsonNode required = Ctdl.get(c, "requiredNumber");
        int n;
        if (required != null && required.asInt(0) > 0) {
            n = required.asInt();
        } else {
            String operator = Ctdl.text(Ctdl.get(c, "logicalOperator"));
            boolean or = operator != null && Ctdl.local(operator).toLowerCase(java.util.Locale.ROOT).equals("or");
            n = or ? 1 : items.size();
            draft.note(RulesDraft.Kind.READ_AS, where(c), "no ceterms:requiredNumber; read as " + (or ? "any one"
                    : "all") + " of its " + items.size());
        }
        if (n > items.size()) {
            draft.note(RulesDraft.Kind.READ_AS, where(c), "requires " + n + " of " + items.size()
                    + " components; read as all of them");
            n = items.size();
        }
        if (items.size() == 1 && subConditions.isEmpty() && Ctdl.text(Ctdl.get(c, "name")) == null) {
            return items.get(0);
        }
        return group(c, items, n);
    }

    /** The amount a {@code ceterms:Constraint} on summed credit value asks for, or null. */
    private Double creditConstraint(JsonNode c) {
        for (JsonNode constraint : Ctdl.many(Ctdl.get(c, "hasConstraint"))) {
            String left = String.valueOf(Ctdl.text(Ctdl.get(constraint, "leftSource")));
            String comparator = String.valueOf(Ctdl.text(Ctdl.get(constraint, "comparator")));
            String right = Ctdl.text(Ctdl.get(constraint, "rightValue"));
            if (left.toLowerCase(java.util.Locale.ROOT).contains("creditvalue") && right != null
                    && right.matches("\\d+(\\.\\d+)?") && comparator.toLowerCase(java.util.Locale.ROOT)
                    .contains("greaterthan")) {
                return Double.parseDouble(right);
            }
            draft.note(RulesDraft.Kind.UNMAPPED, where(c), "a constraint the rules cannot read (" + left + " "
                    + comparator + " " + right + ")");
        }
        return null;
    }

    /** What a target component stands for in a requirement: a qualification, a group or a credential. */
    private Map<String, Object> target(String ref, JsonNode from, String qualification) {
        JsonNode t = resolve(ref);
        if (t == null) {
            draft.note(RulesDraft.Kind.UNMAPPED, where(from), "its target " + ref + " is not in the document");
            return null;
        }
        reached.add(key(t));
        reportUnread(t);
        String type = Ctdl.type(t);
        if ("CredentialComponent".equals(type) && hasParts(t)) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("qualification", qualification(t));
            return r;
        }
        if (hasParts(t)) {
            if (!expanding.add(key(t))) {
                draft.note(RulesDraft.Kind.UNMAPPED, where(t), "it contains itself through its conditions; the"
                        + " inner use is left out");
                return null;
            }
            Map<String, Object> inner = parts(t, qualification);
            expanding.remove(key(t));
            if (inner == null) {
                return null;
            }
            if (!inner.containsKey("title") && Ctdl.text(Ctdl.get(t, "name")) != null) {
                Map<String, Object> titled = header(t);
                titled.putAll(inner);
                return titled;
            }
            return inner;
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("credential", credential(t));
        return r;
    }

    /** A leaf component as a catalog credential, once; its code. */
    private String credential(JsonNode t) {
        String code = codeFor(t);
        if (!draft.hasCredential(code)) {
            StringBuilder why = new StringBuilder();
            Map<String, Object> credit = Ctdl.credit(t, why);
            if (credit == null && !why.isEmpty()) {
                draft.note(RulesDraft.Kind.UNMAPPED, where(t), why.toString());
            }
            String title = Ctdl.text(Ctdl.get(t, "name"));
            String type = Ctdl.type(t);
            String achievementType = switch (type) {
                case "CourseComponent" -> "Course";
                case "AssessmentComponent" -> "Assessment";
                case "CompetencyComponent" -> "Competency";
                case "CredentialComponent" -> "Certificate";
                default -> null;
            };
            List<Map<String, Object>> alignments = new ArrayList<>();
            alignments.add(alignment(Ctdl.COMPONENT, Ctdl.text(Ctdl.get(t, "ctid")), title,
                    t.path("@id").asText(null)));
            String source = Ctdl.ref(Ctdl.get(t, "proxyFor"));
            if (source != null) {
                alignments.add(alignment("CTDL resource", Ctdl.ctidOf(source), title, source));
            }
            draft.addCredential(code, title == null ? code : title, Ctdl.text(Ctdl.get(t, "description")), issuer,
                    achievementType, Ctdl.assessment(t), credit, null, alignments, where(t));
        }
        return code;
    }

    /** The id and title a group takes from its component or condition. */
    private Map<String, Object> header(JsonNode n) {
        return RulesDraft.header(Ctdl.text(Ctdl.get(n, "name")), Ctdl.type(n), treeIds);
    }

    private Map<String, Object> group(JsonNode n, List<Map<String, Object>> items, int required) {
        return RulesDraft.group(header(n), items, required);
    }
}
