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
    private final Set<String> building = new HashSet<>();
    private final Set<String> reached = new HashSet<>();
    private final Set<String> expanding = new HashSet<>();
    private final Set<String> checkedUnread = new HashSet<>();
    private Set<String> treeIds;
    private String issuer;

    public CtdlImport(RulesDraft draft) {
        this.draft = draft;
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
            for (String key : java.util.Arrays.asList(id, ctid)) {
                if (key == null || key.isBlank()) {
                    continue;
                }
                JsonNode earlier = byId.put(key, n);
                if (earlier != null && earlier != n && !earlier.equals(n)) {
                    draft.note(RulesDraft.Kind.READ_AS, key, "two different nodes have this id; the later one is"
                            + " read");
                }
            }
            if ("Pathway".equals(Ctdl.type(n))) {
                pathways.add(n);
            }
        }
        if (pathways.isEmpty()) {
            throw new NotImportable("no ceterms:Pathway in the document (its @graph holds "
                    + nodes(doc).size() + " node" + (nodes(doc).size() == 1 ? "" : "s") + ")");
        }
        try {
            for (JsonNode pathway : pathways) {
                read(pathway, pathways.size() > 1);
            }
        } catch (TooDeep e) {
            throw new NotImportable("its components and conditions nest more than " + MAX_DEPTH + " deep");
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
            if (code == null) {
                throw new NotImportable("the pathway's destination " + where(destination) + " has no condition the"
                        + " rules can read");
            }
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
        return ctid != null && !ctid.isBlank() ? ctid : n.path("@id").asText(null);
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
        a.put("name", name != null ? name : ctid != null ? ctid : url != null ? url : "unnamed component");
        if (url != null && !url.equals(ctid)) {
            a.put("url", url);
        }
        return a;
    }

    /** The code for a component: its coded notation, else one made from its CTID or name. */
    private String codeFor(JsonNode n) {
        String ctid = Ctdl.text(Ctdl.get(n, "ctid"));
        String name = Ctdl.text(Ctdl.get(n, "name"));
        String fromCtid = ctid == null ? null : "CTDL-" + ctid.substring(Math.max(0, ctid.length() - 12))
                .toUpperCase(java.util.Locale.ROOT);
        return draft.codeFor(String.valueOf(key(n)), Ctdl.text(Ctdl.get(n, "codedNotation")), "ceterms:codedNotation",
                fromCtid != null ? fromCtid : name, ctid != null ? "its CTID" : name != null ? "its name" : null,
                where(n));
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
        List<Double> totals = new ArrayList<>();
        Map<String, Object> requires = parts(n, code, totals);
        Map<String, Object> awardCredit = null;
        if (!totals.isEmpty() && credit != null) {
            // A credit total over no named components: the qualification's own credit rule, in its framework.
            awardCredit = new LinkedHashMap<>();
            awardCredit.put("framework", credit.get("framework"));
            awardCredit.put("minTotal", number(totals.get(0)));
        } else if (!totals.isEmpty()) {
            draft.note(RulesDraft.Kind.UNMAPPED, where(n), "a credit total with no credit value on the component to"
                    + " say its unit");
        }
        treeIds = outer;
        building.remove(code);
        if (requires == null && awardCredit == null) {
            draft.note(RulesDraft.Kind.UNMAPPED, where(n), "no condition the rules can read: the qualification is"
                    + " left out");
            draft.dropQualification(code);
            return null;
        }
        draft.addAward(code, requires, awardCredit);
        return code;
    }

    private static Object number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : d;
    }

    /**
     * What completes a component: its conditions (all of them), else all its children; null for a leaf.
     *
     * @param totals where a qualification's credit totals over no named component go (null inside a group)
     */
    private Map<String, Object> parts(JsonNode n, String qualification, List<Double> totals) {
        List<JsonNode> conditions = Ctdl.many(Ctdl.get(n, "hasCondition"));
        List<Map<String, Object>> parts = new ArrayList<>();
        for (JsonNode c : conditions) {
            JsonNode condition = conditionNode(c);
            if (condition == null) {
                draft.note(RulesDraft.Kind.UNMAPPED, where(n), "a condition " + Ctdl.ref(c)
                        + " that is not in the document");
                continue;
            }
            if (totals != null && creditTotalOnly(condition)) {
                totals.add(creditConstraint(condition));
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

    /** A condition given inline, or by reference to a graph node (its id, or an object with an @id and no rule). */
    private JsonNode conditionNode(JsonNode c) {
        if (c.isTextual()) {
            return resolve(c.asText());
        }
        boolean reference = c.isObject() && c.has("@id") && !c.has("ceterms:targetComponent")
                && !c.has("ceterms:hasCondition") && !c.has("ceterms:hasConstraint");
        JsonNode node = reference ? resolve(c.get("@id").asText()) : null;
        return node != null ? node : c;
    }

    /** A condition that is only a credit total, naming no component: an award-level credit rule. */
    private boolean creditTotalOnly(JsonNode c) {
        return Ctdl.many(Ctdl.get(c, "targetComponent")).isEmpty() && Ctdl.many(Ctdl.get(c, "hasCondition")).isEmpty()
                && !Ctdl.many(Ctdl.get(c, "hasConstraint")).isEmpty() && quietCreditConstraint(c) != null;
    }

    /** Deeper than any real pathway: a document built to exhaust the stack. */
    static final int MAX_DEPTH = 24;

    private int depth;

    private Map<String, Object> condition(JsonNode c, String qualification) {
        if (++depth > MAX_DEPTH) {
            throw new TooDeep();
        }
        try {
            return readCondition(c, qualification);
        } finally {
            depth--;
        }
    }

    /** Thrown when conditions nest deeper than {@link #MAX_DEPTH}. */
    private static final class TooDeep extends RuntimeException {
        TooDeep() {
            super(null, null, false, false);
        }
    }

    private Map<String, Object> readCondition(JsonNode c, String qualification) {
        String operator = Ctdl.text(Ctdl.get(c, "logicalOperator"));
        String op = operator == null ? "" : Ctdl.local(operator).toLowerCase(java.util.Locale.ROOT);
        if (!op.isEmpty() && !op.equals("and") && !op.equals("or")) {
            draft.note(RulesDraft.Kind.UNMAPPED, where(c), "a condition joined by '" + operator + "', which the rules"
                    + " cannot express; left out");
            return null;
        }
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
        JsonNode requiredNumber = Ctdl.get(c, "requiredNumber");
        if (credits != null) {
            String framework = commonFramework(leaves);
            if (!allLeaves || leaves.isEmpty()) {
                draft.note(RulesDraft.Kind.UNMAPPED, where(c), "a credit constraint over components that are not"
                        + " all credentials; the constraint is left out");
            } else if (framework == null) {
                draft.note(RulesDraft.Kind.UNMAPPED, where(c), "a credit constraint over credentials whose credit is"
                        + " missing or in different units; the constraint is left out");
            } else {
                Map<String, Object> r = header(c);
                r.put("credits", number(credits));
                r.put("framework", framework);
                r.put("where", Map.of("credentials", leaves));
                if (requiredNumber == null || requiredNumber.asInt(0) <= 0) {
                    return r;
                }
                // Both: N of the components and the credit; the credit as a part beside the choice.
                Map<String, Object> both = header(c);
                int n = Math.min(requiredNumber.asInt(), items.size());
                Map<String, Object> choice = RulesDraft.group(RulesDraft.header(null, both.get("id") + "-components",
                        treeIds), items, n);
                r.put("id", both.get("id") + "-credit");
                both.put("allOf", List.of(choice, r));
                draft.note(RulesDraft.Kind.READ_AS, where(c), "a required number and a credit constraint: both must"
                        + " be met");
                return both;
            }
        }
        if (items.isEmpty()) {
            draft.note(RulesDraft.Kind.UNMAPPED, where(c), "a condition with no target component in the document");
            return null;
        }
        JsonNode required = requiredNumber;
        int n;
        if (required != null && required.asInt(0) > 0) {
            n = required.asInt();
        } else {
            boolean or = op.equals("or");
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

    /** The credit framework all these drafted credentials carry credit in, or null when they differ or lack it. */
    private String commonFramework(List<String> codes) {
        String framework = null;
        for (String code : codes) {
            Map<String, Object> m = draft.credential(code);
            Object credit = m == null ? null : m.get("credit");
            Object f = credit == null ? null : RulesDraft.cast(credit).get("framework");
            if (f == null || framework != null && !framework.equals(f)) {
                return null;
            }
            framework = (String) f;
        }
        return framework;
    }

    /** The amount a {@code ceterms:Constraint} on summed credit value asks for, or null. */
    private static Double quietCreditConstraint(JsonNode c) {
        for (JsonNode constraint : Ctdl.many(Ctdl.get(c, "hasConstraint"))) {
            Double amount = creditAtLeast(constraint);
            if (amount != null) {
                return amount;
            }
        }
        return null;
    }

    private static Double creditAtLeast(JsonNode constraint) {
        String left = String.valueOf(Ctdl.text(Ctdl.get(constraint, "leftSource")));
        String comparator = String.valueOf(Ctdl.text(Ctdl.get(constraint, "comparator")));
        String right = Ctdl.text(Ctdl.get(constraint, "rightValue"));
        boolean reads = left.toLowerCase(java.util.Locale.ROOT).contains("creditvalue") && right != null
                && right.matches("\\d{1,9}(\\.\\d+)?") && Double.parseDouble(right) > 0
                && comparator.toLowerCase(java.util.Locale.ROOT).contains("greaterthan");
        return reads ? Double.parseDouble(right) : null;
    }

    /** The same, with every constraint it cannot read in the report. */
    private Double creditConstraint(JsonNode c) {
        for (JsonNode constraint : Ctdl.many(Ctdl.get(c, "hasConstraint"))) {
            if (creditAtLeast(constraint) != null) {
                return creditAtLeast(constraint);
            }
            draft.note(RulesDraft.Kind.UNMAPPED, where(c), "a constraint the rules cannot read ("
                    + Ctdl.text(Ctdl.get(constraint, "leftSource")) + " " + Ctdl.text(Ctdl.get(constraint,
                    "comparator")) + " " + Ctdl.text(Ctdl.get(constraint, "rightValue")) + ")");
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
            String nested = qualification(t);
            if (nested == null) {
                return null;
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("qualification", nested);
            return r;
        }
        if (hasParts(t)) {
            if (!expanding.add(key(t))) {
                draft.note(RulesDraft.Kind.UNMAPPED, where(t), "it contains itself through its conditions; the"
                        + " inner use is left out");
                return null;
            }
            Map<String, Object> inner = parts(t, qualification, null);
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
