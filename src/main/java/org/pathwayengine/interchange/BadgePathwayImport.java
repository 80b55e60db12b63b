package org.pathwayengine.interchange;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a badge pathway as badge platforms export it (Badgr / Canvas Credentials: a pathway with a root element,
 * elements with a completion badge and completion requirements, each a junction of badges or of child elements,
 * conjunction or "at least N" disjunction) and the Open Badges achievement definitions it names (2.0 BadgeClass or
 * 3.0 Achievement) into a {@link RulesDraft}. A document holding only achievement definitions gives catalog entries.
 */
public final class BadgePathwayImport {

    private final RulesDraft draft;
    private final String creditFramework;
    private final Map<String, JsonNode> badges = new LinkedHashMap<>();
    private final Map<String, JsonNode> elements = new LinkedHashMap<>();
    private final Map<String, List<String>> childrenOf = new HashMap<>();
    private final Set<String> building = new HashSet<>();
    private final Set<String> expanding = new HashSet<>();
    private Set<String> treeIds = new HashSet<>();
    private String issuer;
    private String issuerName;

    /**
     * @param creditFramework the framework an Open Badges {@code creditsAvailable} is read in (the format names none)
     */
    public BadgePathwayImport(RulesDraft draft, String creditFramework) {
        this.draft = draft;
        this.creditFramework = creditFramework;
    }

    /** The name of the document's pathway, or null. */
    public static String title(JsonNode doc) {
        JsonNode pathway = doc.isObject() ? doc.get("pathway") : null;
        return pathway == null ? null : text(pathway, "name");
    }

    public void read(JsonNode doc) throws NotImportable {
        List<JsonNode> definitions = new ArrayList<>();
        if (doc.isArray()) {
            doc.forEach(definitions::add);
        } else if (doc.isObject() && isAchievement(doc)) {
            definitions.add(doc);
        } else if (doc.isObject()) {
            for (String key : List.of("badges", "badgeClasses", "achievements")) {
                Ctdl.many(doc.get(key)).forEach(definitions::add);
            }
        }
        for (JsonNode d : definitions) {
            if (!isAchievement(d) || id(d) == null) {
                throw new NotImportable("an entry that is not an Open Badges achievement definition with an id"
                        + " (BadgeClass or Achievement): " + abbreviated(d));
            }
            badges.put(id(d), d);
        }
        JsonNode pathway = doc.isObject() && doc.hasNonNull("pathway") ? doc.get("pathway") : null;
        if (pathway == null) {
            if (badges.isEmpty()) {
                throw new NotImportable("no 'pathway' and no achievement definitions in the document");
            }
            for (JsonNode d : badges.values()) {
                issuer = issuerOf(d);
                credential(id(d));
            }
            return;
        }
        index(doc.get("elements"), null);
        index(pathway.get("elements"), null);
        JsonNode rootInline = pathway.get("rootElement");
        String root = rootInline != null && rootInline.isObject() ? index(List.of(rootInline), null)
                : Ctdl.ref(rootInline);
        if (root == null || !elements.containsKey(root)) {
            throw new NotImportable("the pathway's rootElement " + (root == null ? "is missing" : root
                    + " is not among its elements"));
        }
        issuer = issuerOf(pathway);
        String name = text(pathway, "name");
        try {
            qualification(root, name != null ? name : text(elements.get(root), "name"));
        } catch (NotImportableInside e) {
            throw new NotImportable(e.getMessage());
        }
        for (String id : badges.keySet()) {
            if (!draft.hasCode(id)) {
                draft.note(RulesDraft.Kind.UNMAPPED, where(badges.get(id)), "an achievement no element requires;"
                        + " added to the catalog");
                credential(id);
            }
        }
    }

    private static boolean isAchievement(JsonNode d) {
        String types = String.valueOf(d.get("type")) + String.valueOf(d.get("@type"));
        return types.contains("BadgeClass") || types.contains("Achievement");
    }

    private static String id(JsonNode n) {
        String id = Ctdl.ref(n.get("id"));
        return id != null ? id : Ctdl.ref(n.get("@id"));
    }

    private static String text(JsonNode n, String field) {
        return n == null ? null : Ctdl.text(n.get(field));
    }

    private static String abbreviated(JsonNode n) {
        String s = n.toString();
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

    private static String where(JsonNode n) {
        String name = text(n, "name");
        return (name != null ? "'" + name + "'" : "an element") + (id(n) != null ? " (" + id(n) + ")" : "");
    }

    /** Elements listed flat or nested in children: each by id, with its parent's list of children. */
    private String index(Iterable<JsonNode> list, String parent) throws NotImportable {
        String first = null;
        if (list == null) {
            return null;
        }
        for (JsonNode e : list) {
            String id = id(e);
            if (id == null) {
                throw new NotImportable("an element without an @id: " + abbreviated(e));
            }
            elements.put(id, e);
            first = first == null ? id : first;
            String p = parent != null ? parent : Ctdl.ref(e.get("parent"));
            if (p != null) {
                childrenOf.computeIfAbsent(p, k -> new ArrayList<>()).add(id);
            }
            index(e.get("children"), id);
        }
        return first;
    }

    private String issuerOf(JsonNode n) {
        JsonNode i = n.get("issuer") != null ? n.get("issuer") : n.get("creator");
        if (i != null && i.isObject() && text(i, "name") != null) {
            if (issuer == null) {
                issuerName = text(i, "name");
            }
            return draft.issuer(text(i, "name"), null, text(i, "url"), where(n));
        }
        String named = i != null && i.isTextual() ? i.asText() : null;
        if (named != null && issuer != null) {
            draft.note(RulesDraft.Kind.READ_AS, where(n), "its issuer is given only as " + named + "; taken to be"
                    + " the pathway's, " + issuerName);
            return issuer;
        }
        draft.note(RulesDraft.Kind.DEFAULTED, where(n), "no issuer with a name"
                + (named != null ? " (only " + named + ")" : "") + "; the issuer is named after it");
        return draft.issuer("Issuer of " + (text(n, "name") != null ? text(n, "name") : "imported badges"), null,
                named, where(n));
    }

    private String codeFor(String key, JsonNode definition, String name) {
        return draft.codeFor(key, definition == null ? null : text(definition, "humanCode"), "humanCode",
                name != null ? name.toUpperCase(Locale.ROOT) : key, "its name", "'" + (name != null ? name : key)
                        + "'");
    }

    /** An element that earns a badge (or the root) as a qualification; its code. */
    private String qualification(String elementId, String name) {
        if (building.size() > CtdlImport.MAX_DEPTH) {
            throw new NotImportableInside("its badges nest more than " + CtdlImport.MAX_DEPTH + " deep");
        }
        JsonNode e = elements.get(elementId);
        String badge = Ctdl.ref(e.get("completionBadge"));
        JsonNode definition = badge == null ? null : badges.get(badge);
        String title = definition != null && text(definition, "name") != null ? text(definition, "name") : name;
        String code = codeFor(badge != null ? badge : elementId, definition, title);
        if (draft.hasQualification(code) || !building.add(code)) {
            return code;
        }
        if (badge == null) {
            draft.note(RulesDraft.Kind.DEFAULTED, where(e), "the pathway's root earns no completion badge; its"
                    + " completion is qualification " + code);
        }
        Set<String> outer = treeIds;
        treeIds = new HashSet<>();
        List<Map<String, Object>> alignments = new ArrayList<>();
        alignments.add(alignment("Open Badges", badge != null ? badge : elementId, title));
        draft.addQualification(code, title, "badge", credit(definition, where(e)), null, alignments);
        Map<String, Object> requires = requirement(e);
        if (requires == null) {
            draft.note(RulesDraft.Kind.UNMAPPED, where(e), "no completion requirements and no children: nothing"
                    + " earns it");
        } else {
            draft.addAward(code, requires);
        }
        treeIds = outer;
        building.remove(code);
        return code;
    }

    private Map<String, Object> requirement(JsonNode e) {
        JsonNode req = e.get("requirements");
        if (req != null && req.isTextual()) {
            try {
                req = new com.fasterxml.jackson.databind.ObjectMapper().readTree(req.asText());
            } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                draft.note(RulesDraft.Kind.UNMAPPED, where(e), "requirements that are not JSON");
                return null;
            }
        }
        List<Map<String, Object>> items = new ArrayList<>();
        if (req == null || req.isNull()) {
            List<String> children = childrenOf.getOrDefault(id(e), List.of());
            if (children.isEmpty()) {
                return null;
            }
            draft.note(RulesDraft.Kind.READ_AS, where(e), "no completion requirements: each of its "
                    + children.size() + " child elements is read as required");
            for (String child : children) {
                addIfAny(items, element(child));
            }
            return items.isEmpty() ? null : group(e, items, items.size());
        }
        String type = String.valueOf(Ctdl.text(req.get("@type")));
        if (type.contains("BadgeJunction")) {
            for (JsonNode b : Ctdl.many(req.get("badges"))) {
                String ref = Ctdl.ref(b);
                if (ref == null || ref.isBlank()) {
                    draft.note(RulesDraft.Kind.UNMAPPED, where(e), "a badge entry that names no badge (" + b + ")");
                    continue;
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("credential", credential(ref));
                items.add(r);
            }
        } else if (type.contains("ElementJunction")) {
            for (JsonNode child : Ctdl.many(req.get("elements"))) {
                String ref = Ctdl.ref(child);
                if (!elements.containsKey(ref)) {
                    draft.note(RulesDraft.Kind.UNMAPPED, where(e), "it requires element " + ref
                            + ", which is not in the document");
                    continue;
                }
                addIfAny(items, element(ref));
            }
        } else {
            draft.note(RulesDraft.Kind.UNMAPPED, where(e), "requirements of type '" + type + "'");
            return null;
        }
        if (items.isEmpty()) {
            return null;
        }
        JsonNode config = req.get("junctionConfig");
        String junction = config == null ? "Conjunction" : String.valueOf(Ctdl.text(config.get("@type")));
        int n = items.size();
        if (junction.contains("Disjunction")) {
            n = config.hasNonNull("requiredNumber") ? Math.min(Math.max(1, config.get("requiredNumber").asInt()),
                    items.size()) : 1;
        } else if (config != null && config.hasNonNull("requiredNumber")
                && config.get("requiredNumber").asInt() != items.size()) {
            draft.note(RulesDraft.Kind.READ_AS, where(e), "a conjunction with requiredNumber "
                    + config.get("requiredNumber").asInt() + " over " + items.size() + " items: all are required");
        }
        if (items.size() == 1) {
            return items.get(0);
        }
        return group(e, items, n);
    }

    private static void addIfAny(List<Map<String, Object>> items, Map<String, Object> item) {
        if (item != null) {
            items.add(item);
        }
    }

    /** A refusal found deep in the recursion, turned into {@link NotImportable} at the top. */
    private static final class NotImportableInside extends RuntimeException {
        NotImportableInside(String message) {
            super(message, null, false, false);
        }
    }

    /** A child element: a nested qualification when it earns a badge, else its requirements as a group. */
    private Map<String, Object> element(String id) {
        JsonNode e = elements.get(id);
        if (e.hasNonNull("completionBadge")) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("qualification", qualification(id, text(e, "name")));
            return r;
        }
        if (expanding.size() > CtdlImport.MAX_DEPTH) {
            throw new NotImportableInside("its elements nest more than " + CtdlImport.MAX_DEPTH + " deep");
        }
        if (!expanding.add(id)) {
            draft.note(RulesDraft.Kind.UNMAPPED, where(e), "it requires itself through its elements; the inner use"
                    + " is left out");
            return null;
        }
        Map<String, Object> inner = requirement(e);
        expanding.remove(id);
        if (inner == null || inner.containsKey("title") || text(e, "name") == null) {
            return inner;
        }
        Map<String, Object> titled = header(e);
        if (inner.containsKey("credential")) {
            titled.put("allOf", List.of(inner));
            return titled;
        }
        inner.remove("id");
        titled.putAll(inner);
        return titled;
    }

    private Map<String, Object> header(JsonNode e) {
        return RulesDraft.header(text(e, "name"), "element", treeIds);
    }

    private Map<String, Object> group(JsonNode e, List<Map<String, Object>> items, int required) {
        return RulesDraft.group(header(e), items, required);
    }

    /** An achievement as a catalog credential, once; its code. */
    private String credential(String badgeId) {
        JsonNode d = badges.get(badgeId);
        String name = d == null ? null : text(d, "name");
        String code = codeFor(badgeId, d, name != null ? name : badgeId);
        if (draft.hasCredential(code)) {
            return code;
        }
        String where = d == null ? badgeId : where(d);
        if (d == null) {
            draft.note(RulesDraft.Kind.DEFAULTED, badgeId, "a badge the document does not define; its title is its"
                    + " id until the catalog says more");
        }
        List<Map<String, Object>> alignments = new ArrayList<>();
        alignments.add(alignment("Open Badges", badgeId, name != null ? name : badgeId));
        if (d != null) {
            for (JsonNode a : Ctdl.many(d.get("alignment"))) {
                Map<String, Object> kept = new LinkedHashMap<>();
                kept.put("framework", text(a, "targetFramework") != null ? text(a, "targetFramework") : "alignment");
                if (text(a, "targetCode") != null) {
                    kept.put("code", text(a, "targetCode"));
                }
                kept.put("name", text(a, "targetName") != null ? text(a, "targetName") : String.valueOf(
                        text(a, "targetUrl")));
                if (text(a, "targetUrl") != null) {
                    kept.put("url", text(a, "targetUrl"));
                }
                alignments.add(kept);
            }
        }
        String achievementType = d == null ? null : text(d, "achievementType");
        draft.addCredential(code, name != null ? name : badgeId, d == null ? null : text(d, "description"),
                d != null && (d.has("issuer") || d.has("creator")) ? issuerOf(d) : issuer, achievementType, null,
                credit(d, where), null, alignments, where);
        return code;
    }

    private Map<String, Object> credit(JsonNode d, String where) {
        if (d == null || !d.hasNonNull("creditsAvailable") || !d.get("creditsAvailable").isNumber()) {
            return null;
        }
        double credits = d.get("creditsAvailable").asDouble();
        if (credits <= 0) {
            return null;
        }
        draft.note(RulesDraft.Kind.READ_AS, where, "creditsAvailable " + org.pathwayengine.catalog.Numbers.plain(
                credits) + " read as " + creditFramework + " credits (Open Badges names no framework)");
        Map<String, Object> credit = new LinkedHashMap<>();
        credit.put("framework", creditFramework);
        credit.put("credits", credits == Math.rint(credits) ? (Object) (long) credits : credits);
        return credit;
    }

    private static Map<String, Object> alignment(String framework, String code, String name) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("framework", framework);
        a.put("code", code);
        a.put("name", name == null ? code : name);
        if (code != null && code.startsWith("http")) {
            a.put("url", code);
        }
        return a;
    }
}
