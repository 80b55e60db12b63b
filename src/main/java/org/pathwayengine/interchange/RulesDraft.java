package org.pathwayengine.interchange;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import org.pathwayengine.catalog.Numbers;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rule files drafted from another format (CTDL, a badge pathway): the catalog entries, the pathway, one scenario per
 * qualification for a designer to review, and the report of what could not be carried over and which values were
 * filled in because the rules require them and the source did not say.
 */
public final class RulesDraft {

    /** One line of the import report. */
    public record Note(Kind kind, String where, String text) {
        @Override
        public String toString() {
            return kind.word + " " + where + ": " + text;
        }
    }

    /** What a report line says about the source. */
    public enum Kind {
        /** Something in the source that the rules do not carry. */
        UNMAPPED("not mapped"),
        /** A value the rules require that the source did not give: filled in, for a designer to check. */
        DEFAULTED("defaulted"),
        /** A construct the source leaves open, read one way. */
        READ_AS("read as");

        final String word;

        Kind(String word) {
            this.word = word;
        }
    }

    /** The three files, as text, under their paths relative to the rules directory. */
    public record Files(Map<String, String> byPath) {
    }

    /** The day imported scenarios evaluate on, and the day their learners' credentials were awarded. */
    static final LocalDate SCENARIO_AS_OF = LocalDate.parse("2026-01-01");
    static final LocalDate SCENARIO_AWARDED = LocalDate.parse("2025-06-30");

    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .stringQuotingChecker(new AsTheLoaderReads()).build()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

    /**
     * Quotes every value the rules' loader (SnakeYAML, YAML 1.1) would not read back as text: "1_000", "1e5" or "yes"
     * in a code or title must stay a string.
     */
    private static final class AsTheLoaderReads extends com.fasterxml.jackson.dataformat.yaml.util
            .StringQuotingChecker.Default {
        private static final org.yaml.snakeyaml.resolver.Resolver RESOLVER = new org.yaml.snakeyaml.resolver.Resolver();

        @Override
        public boolean needToQuoteValue(String value) {
            return super.needToQuoteValue(value) || !org.yaml.snakeyaml.nodes.Tag.STR.equals(
                    RESOLVER.resolve(org.yaml.snakeyaml.nodes.NodeId.scalar, value, true));
        }
    }

    private final String name;
    private final String title;
    private final String source;
    private final Map<String, Double> hoursPerCredit;
    private final org.pathwayengine.catalog.Catalog existing;
    private final Map<String, Map<String, Object>> areas = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> issuers = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> credentials = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> qualifications = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> awards = new LinkedHashMap<>();
    private final List<Note> notes = new ArrayList<>();
    private int unstatedAssessment;
    private final Map<String, String> codesByKey = new java.util.HashMap<>();
    /** Codes the rules directory and this draft use; filled from the existing catalog when first needed. */
    private Set<String> usedCodes;

    /**
     * @param name           the files' base name, kebab case: catalog/NAME.catalog.yaml, pathways/NAME.yaml
     * @param hoursPerCredit notional hours per credit of each framework the rules know, to size a credential
     *                       whose source gives credit but no hours
     * @param existing       the catalog of the rules directory the files go into: its issuers are reused, its areas
     *                       not defined twice
     */
    public RulesDraft(String name, String title, String source, Map<String, Double> hoursPerCredit,
                      org.pathwayengine.catalog.Catalog existing) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a file name in kebab case (e.g. data-skills)");
        }
        this.name = name;
        this.title = title;
        this.source = source;
        this.hoursPerCredit = Map.copyOf(hoursPerCredit);
        this.existing = existing;
    }

    public String name() {
        return name;
    }

    public List<Note> notes() {
        List<Note> all = new ArrayList<>(notes);
        if (unstatedAssessment > 0) {
            // Credit and badges are awarded on assessment; which method the source does not say, once for all.
            all.add(new Note(Kind.DEFAULTED, "assessment", unstatedAssessment + " credential"
                    + (unstatedAssessment == 1 ? " says nothing of how it is" : "s say nothing of how they are")
                    + " assessed: set to"
                    + " 'assessed' (method not stated); 'none' would keep its credit out under POL-ASSESSED rules"));
        }
        return all;
    }

    void note(Kind kind, String where, String text) {
        notes.add(new Note(kind, where, text));
    }

    /** A code the catalog accepts, made from what the source gives, or from its id when it gives none. */
    static String code(String given, String fallback) {
        String raw = given != null && !given.isBlank() ? given.trim() : fallback;
        if (raw == null || raw.isBlank()) {
            raw = "UNNAMED";
        }
        String cleaned = raw.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[^A-Za-z0-9]+", "")
                .replaceAll("-+$", "");
        if (cleaned.length() > 80) {
            cleaned = cleaned.substring(0, 80).replaceAll("-+$", "");
        }
        return cleaned.isEmpty() || !CODE.matcher(cleaned).matches() ? "X-" + Integer.toHexString(raw.hashCode())
                : cleaned;
    }

    /**
     * The code of a source entry, the same every time it is asked for: the code the source gives, else one made from
     * the fallback (reported), never one the rules directory or another entry has taken (reported too).
     *
     * @param key      the entry's id in the source
     * @param given    the code the source gives, or null
     * @param field    the source's field for it, for the report ("ceterms:codedNotation", "humanCode")
     * @param fallback what to make a code from when the source gives none
     * @param madeFrom what the fallback is, for the report ("its CTID"), or null when it is a placeholder
     */
    String codeFor(String key, String given, String field, String fallback, String madeFrom, String where) {
        String known = codesByKey.get(key);
        if (known != null) {
            return known;
        }
        if (usedCodes == null) {
            usedCodes = new java.util.HashSet<>(existing.microcredentials().keySet());
            usedCodes.addAll(existing.qualifications().keySet());
        }
        String base = code(given, fallback);
        if (given == null || given.isBlank()) {
            note(Kind.DEFAULTED, where, "no " + field + "; code " + base + (madeFrom != null ? " made from "
                    + madeFrom : " is a placeholder"));
        }
        String code = unique(base, usedCodes);
        if (!code.equals(base)) {
            note(Kind.DEFAULTED, where, "code " + base + " is taken (in the rules or by another component); this one"
                    + " is " + code);
        }
        codesByKey.put(key, code);
        return code;
    }

    /** Whether a source entry has a code yet. */
    boolean hasCode(String key) {
        return codesByKey.containsKey(key);
    }

    /** The code itself, or with -2, -3, ... when taken; never longer than the catalog allows. */
    static String unique(String code, Set<String> used) {
        String base = code.length() > 76 ? code.substring(0, 76) : code;
        String out = code;
        for (int i = 2; used.contains(out); i++) {
            out = base + "-" + i;
        }
        used.add(out);
        return out;
    }

    /** A kebab-case id made from a name, for issuers and areas. */
    static String slug(String text) {
        String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "imported" : s.length() > 60 ? s.substring(0, 60).replaceAll("-+$", "") : s;
    }

    /** A group's id (from its title, unique in its qualification's tree) and title. */
    static Map<String, Object> header(String title, String fallback, Set<String> ids) {
        Map<String, Object> r = new LinkedHashMap<>();
        String base = slug(title != null ? title : fallback);
        String id = base;
        for (int i = 2; !ids.add(id); i++) {
            id = base + "-" + i;
        }
        r.put("id", id);
        if (title != null) {
            r.put("title", title);
        }
        return r;
    }

    /** A group of requirements: all of them, or N of them. */
    static Map<String, Object> group(Map<String, Object> header, List<Map<String, Object>> items, int required) {
        if (required >= items.size()) {
            header.put("allOf", items);
        } else {
            header.put("choose", required);
            header.put("from", items);
        }
        return header;
    }

    String area(String code, String areaTitle) {
        if (existing.areas().containsKey(code)) {
            return code;
        }
        areas.computeIfAbsent(code, c -> {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("code", c);
            a.put("title", areaTitle);
            return a;
        });
        return code;
    }

    /** An issuer by name; the country is a required field that pathway formats rarely carry. */
    String issuer(String issuerName, String country, String url, String where) {
        String id = slug(issuerName);
        var known = existing.issuers().values().stream().filter(i -> i.name().equalsIgnoreCase(issuerName)
                || i.id().equals(id)).findFirst();
        if (known.isPresent()) {
            return known.get().id();
        }
        if (!issuers.containsKey(id)) {
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("id", id);
            i.put("name", issuerName);
            if (country == null) {
                note(Kind.DEFAULTED, where, "issuer '" + issuerName + "' has no country in the source; set to GB,"
                        + " change it in catalog/" + name + ".catalog.yaml");
            }
            i.put("country", country == null ? "GB" : country);
            if (url != null) {
                i.put("url", url);
            }
            issuers.put(id, i);
        }
        return id;
    }

    boolean hasCredential(String code) {
        return credentials.containsKey(code);
    }

    boolean hasQualification(String code) {
        return qualifications.containsKey(code);
    }

    Map<String, Object> credential(String code) {
        return credentials.get(code);
    }

    /**
     * A catalog microcredential. Fields the catalog requires and the source lacks are filled in and reported.
     *
     * @param assessment the catalog's assessment type when the source says how it is assessed, else null
     * @param credit     {framework, credits, level?} or null
     * @param alignments source ids kept as alignments
     */
    void addCredential(String code, String credentialTitle, String description, String issuerId,
                       String achievementType, String assessment, Map<String, Object> credit, Integer hours,
                       List<Map<String, Object>> alignments, String where) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("title", credentialTitle);
        if (description != null && !description.isBlank()) {
            m.put("description", description.strip());
        }
        m.put("issuer", issuerId);
        if (achievementType != null) {
            m.put("achievementType", achievementType);
        }
        m.put("areas", List.of(area(name, "imported: " + title)));
        if (credit != null) {
            m.put("credit", credit);
        }
        int h;
        if (hours != null && hours > 0) {
            h = hours;
        } else if (credit != null && hoursPerCredit.get((String) credit.get("framework")) != null) {
            h = (int) Math.max(1, Math.round(((Number) credit.get("credits")).doubleValue()
                    * hoursPerCredit.get((String) credit.get("framework"))));
            note(Kind.DEFAULTED, where, "hours " + h + " from its " + Numbers.plain(((Number) credit.get("credits"))
                    .doubleValue()) + " " + credit.get("framework") + " credits");
        } else {
            h = 1;
            note(Kind.DEFAULTED, where, (credit == null ? "no hours or credit in the source" : "no hours in the"
                    + " source, and no hours per " + credit.get("framework") + " credit in the rules") + "; hours set"
                    + " to 1, so next steps treat it as a small step until the catalog says more");
        }
        m.put("hours", h);
        m.put("assessment", assessment != null ? assessment : "assessed");
        if (assessment == null) {
            unstatedAssessment++;
        }
        m.put("qualityAssurance", "not stated in the source");
        if (!alignments.isEmpty()) {
            m.put("alignment", alignments);
        }
        credentials.put(code, m);
    }

    void addQualification(String code, String qualificationTitle, String type, Map<String, Object> credit,
                          String awardingBody, List<Map<String, Object>> alignments) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("code", code);
        q.put("title", qualificationTitle);
        q.put("type", type);
        if (credit != null) {
            q.put("credit", credit);
            if (credit.get("level") != null) {
                q.put("level", credit.get("level"));
            }
        }
        if (awardingBody != null) {
            q.put("awardingBody", awardingBody);
        }
        if (!alignments.isEmpty()) {
            q.put("alignment", alignments);
        }
        qualifications.put(code, q);
    }

    /** One more source id kept on a drafted qualification. */
    void align(String qualification, Map<String, Object> alignment) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list = (List<Map<String, Object>>) qualifications.get(qualification)
                .computeIfAbsent("alignment", k -> new ArrayList<Map<String, Object>>());
        if (!(list instanceof ArrayList)) {
            list = new ArrayList<>(list);
            qualifications.get(qualification).put("alignment", list);
        }
        list.add(alignment);
    }

    /** A qualification that turned out to have nothing the rules can read. */
    void dropQualification(String code) {
        qualifications.remove(code);
    }

    /** What a qualification requires, as a pathway file writes it. */
    void addAward(String code, Map<String, Object> requires) {
        addAward(code, requires, null);
    }

    /**
     * @param credit award-level credit rules ({framework, minTotal}), or null; with no requirements they are all it
     *               asks
     */
    void addAward(String code, Map<String, Object> requires, Map<String, Object> credit) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("qualification", code);
        if (requires != null) {
            shareReused(code, requires);
            distinctLeafIds(requires);
            a.put("requires", requires);
        }
        if (credit != null) {
            a.put("credit", credit);
        }
        awards.put(code, a);
    }

    /**
     * A credential named twice in one tree (a target listed twice, a badge in two junctions) is two requirements:
     * each needs its own id, which a credential requirement otherwise takes from its code.
     */
    private static void distinctLeafIds(Map<String, Object> requires) {
        Set<String> ids = new java.util.HashSet<>();
        List<Map<String, Object>> leaves = new ArrayList<>();
        walk(requires, ids, leaves);
        for (Map<String, Object> leaf : leaves) {
            String code = (String) leaf.get("credential");
            if (!ids.add(code)) {
                leaf.put("id", unique(code, ids));
            }
        }
    }

    private static void walk(Map<String, Object> r, Set<String> ids, List<Map<String, Object>> leaves) {
        if (r.get("id") != null) {
            ids.add((String) r.get("id"));
        } else if (r.get("credential") != null) {
            leaves.add(r);
        }
        for (String key : List.of("allOf", "from")) {
            if (r.get(key) != null) {
                ((List<?>) r.get(key)).forEach(c -> walk(cast(c), ids, leaves));
            }
        }
    }

    /**
     * A component reused by two parents counts for each, as pathway formats mean it: the rules count a credential
     * once per qualification unless its requirement is shareable, so each use of it is marked shareable.
     */
    private void shareReused(String qualification, Map<String, Object> requires) {
        Map<String, Integer> uses = new LinkedHashMap<>();
        countUses(requires, uses, new java.util.HashSet<>());
        Set<String> shared = new java.util.TreeSet<>();
        uses.forEach((code, n) -> {
            if (n > 1) {
                shared.add(code);
            }
        });
        if (!shared.isEmpty()) {
            note(Kind.READ_AS, qualification, "credentials required in more than one place (" + String.join(", ",
                    shared) + ") count in each: those requirements are shareable");
            mark(requires, shared);
        }
    }

    private void countUses(Map<String, Object> r, Map<String, Integer> uses, Set<String> seen) {
        if (r.get("credential") != null) {
            uses.merge((String) r.get("credential"), 1, Integer::sum);
        } else if (r.get("qualification") != null) {
            String q = (String) r.get("qualification");
            if (seen.add(q) && requirement(q) != null) {
                countUses(requirement(q), uses, seen);
            }
        } else if (r.get("where") != null) {
            for (Object c : (List<?>) cast(r.get("where")).get("credentials")) {
                uses.merge((String) c, 1, Integer::sum);
            }
        }
        for (String key : List.of("allOf", "from")) {
            if (r.get(key) != null) {
                ((List<?>) r.get(key)).forEach(c -> countUses(cast(c), uses, seen));
            }
        }
    }

    private static void mark(Map<String, Object> r, Set<String> shared) {
        if (r.get("credential") != null && shared.contains((String) r.get("credential"))
                || r.get("where") != null && ((List<?>) cast(r.get("where")).get("credentials")).stream()
                .anyMatch(shared::contains)) {
            r.put("shareable", true);
        }
        for (String key : List.of("allOf", "from")) {
            if (r.get(key) != null) {
                ((List<?>) r.get(key)).forEach(c -> mark(cast(c), shared));
            }
        }
    }

    /** The qualifications drafted, in source order. */
    public List<String> qualificationCodes() {
        return List.copyOf(awards.keySet());
    }

    /** The catalog credentials drafted, in source order. */
    public List<String> credentialCodes() {
        return List.copyOf(credentials.keySet());
    }

    /** A qualification's drafted requirement tree, as the pathway file writes it. */
    public Map<String, Object> requirement(String qualification) {
        Map<String, Object> a = awards.get(qualification);
        @SuppressWarnings("unchecked")
        Map<String, Object> r = a == null ? null : (Map<String, Object>) a.get("requires");
        return r;
    }

    /**
     * The fewest credentials, by the source's own order, that complete a qualification: the first N of a choice,
     * credit-bearing credentials until the credit is reached. Null when the draft cannot complete it.
     */
    Set<String> completion(Map<String, Object> r, Set<String> visiting) {
        Set<String> out = new LinkedHashSet<>();
        if (r == null) {
            return null;
        }
        if (r.get("credential") != null) {
            out.add((String) r.get("credential"));
        } else if (r.get("qualification") != null) {
            String q = (String) r.get("qualification");
            if (!visiting.add(q) || requirement(q) == null) {
                return null;
            }
            Set<String> inner = completion(requirement(q), visiting);
            visiting.remove(q);
            if (inner == null) {
                return null;
            }
            out.addAll(inner);
        } else if (r.get("allOf") != null) {
            for (Object c : (List<?>) r.get("allOf")) {
                Set<String> part = completion(cast(c), visiting);
                if (part == null) {
                    return null;
                }
                out.addAll(part);
            }
        } else if (r.get("choose") != null) {
            int n = ((Number) r.get("choose")).intValue();
            int met = 0;
            for (Object c : (List<?>) r.get("from")) {
                if (met == n) {
                    break;
                }
                Set<String> part = completion(cast(c), visiting);
                if (part != null) {
                    out.addAll(part);
                    met++;
                }
            }
            if (met < n) {
                return null;
            }
        } else if (r.get("credits") != null) {
            double needed = ((Number) r.get("credits")).doubleValue();
            double sum = 0;
            Map<String, Object> where = cast(r.get("where"));
            for (Object c : (List<?>) where.get("credentials")) {
                if (sum >= needed) {
                    break;
                }
                Map<String, Object> m = credentials.get((String) c);
                Map<String, Object> credit = m == null ? null : cast(m.get("credit"));
                if (credit != null) {
                    out.add((String) c);
                    sum += ((Number) credit.get("credits")).doubleValue();
                }
            }
            if (sum < needed) {
                return null;
            }
        }
        return out;
    }

    /** The credentials held, and more in source order, until their credit in the framework reaches the total. */
    private Set<String> withCredit(Set<String> held, String framework, double total) {
        Set<String> out = new LinkedHashSet<>(held);
        double sum = 0;
        for (String code : held) {
            sum += creditIn(code, framework);
        }
        for (String code : credentials.keySet()) {
            if (sum >= total) {
                break;
            }
            if (!out.contains(code) && creditIn(code, framework) > 0) {
                out.add(code);
                sum += creditIn(code, framework);
            }
        }
        return sum >= total ? out : null;
    }

    private double creditIn(String code, String framework) {
        Map<String, Object> m = credentials.get(code);
        Map<String, Object> credit = m == null ? null : cast(m.get("credit"));
        return credit != null && framework.equals(credit.get("framework"))
                ? ((Number) credit.get("credits")).doubleValue() : 0;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    /** The drafted files' text, with header comments saying where they came from and what to review. */
    public Files render() {
        Map<String, String> files = new LinkedHashMap<>();
        int items = notes().size();
        String review = items == 0 ? "" : "# The import report listed " + items + " item" + (items == 1 ? "" : "s")
                + " to review (values not mapped or filled in).\n";

        Map<String, Object> catalog = new LinkedHashMap<>();
        catalog.put("kind", "Catalog");
        catalog.put("owner", "TODO: the team that owns these entries");
        catalog.put("source", source);
        catalog.put("areas", List.copyOf(areas.values()));
        catalog.put("issuers", List.copyOf(issuers.values()));
        catalog.put("microcredentials", List.copyOf(credentials.values()));
        catalog.put("qualifications", List.copyOf(qualifications.values()));
        files.put("catalog/" + name + ".catalog.yaml", "# yaml-language-server: $schema=../../src/main/resources/"
                + "schema/catalog.schema.json\n#\n# Imported from " + source + ".\n" + review + "\n"
                + yaml(catalog));

        if (awards.isEmpty()) {
            return new Files(files);
        }
        Map<String, Object> pathway = new LinkedHashMap<>();
        pathway.put("kind", "Pathway");
        pathway.put("id", name);
        pathway.put("title", title);
        pathway.put("owner", "TODO: the team that owns this pathway");
        pathway.put("source", source);
        pathway.put("awards", List.copyOf(awards.values()));
        files.put("pathways/" + name + ".yaml", "# yaml-language-server: $schema=../../src/main/resources/schema/"
                + "pathway.schema.json\n#\n# Imported from " + source + ".\n# Source ids are kept as alignments"
                + " in catalog/" + name + ".catalog.yaml.\n" + review + "# Scenarios: " + name
                + ".scenarios.yaml beside this file.\n\n" + yaml(pathway));

        List<Map<String, Object>> scenarios = new ArrayList<>();
        for (String q : awards.keySet()) {
            Set<String> held = requirement(q) != null ? completion(requirement(q), new LinkedHashSet<>(List.of(q)))
                    : new LinkedHashSet<>();
            Map<String, Object> awardCredit = cast(awards.get(q).get("credit"));
            if (held != null && awardCredit != null) {
                held = withCredit(held, (String) awardCredit.get("framework"),
                        ((Number) awardCredit.get("minTotal")).doubleValue());
            }
            if (held == null) {
                note(Kind.UNMAPPED, q, "no scenario: the imported requirements cannot be completed from the"
                        + " imported catalog");
                continue;
            }
            Map<String, Object> given = new LinkedHashMap<>();
            given.put("asOf", SCENARIO_AS_OF.toString());
            given.put("held", held.stream().map(c -> Map.of("code", c, "awarded", SCENARIO_AWARDED.toString()))
                    .toList());
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", "REVIEW (imported): the credentials listed first in the source complete " + q);
            s.put("given", given);
            s.put("expect", Map.of("status", Map.of(q, "ELIGIBLE")));
            scenarios.add(s);
        }
        if (!scenarios.isEmpty()) {
            files.put("pathways/" + name + ".scenarios.yaml", "# yaml-language-server: $schema=../../src/main/"
                    + "resources/schema/scenarios.schema.json\n#\n# Scenarios for " + name + ".yaml, one learner per"
                    + " qualification, written by the import for review:\n# each holds the credentials the source"
                    + " lists first. Replace them with real learners' situations.\n\n"
                    + yaml(scenarios).replaceAll("(?m)^  ", ""));
        }
        return new Files(files);
    }

    private static String yaml(Object value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the draft could not be written as YAML", e);
        }
    }
}
