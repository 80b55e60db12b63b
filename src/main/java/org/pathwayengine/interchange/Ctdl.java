package org.pathwayengine.interchange;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of the Credential Transparency Description Language both directions share: its context, the component
 * types, and reading its language maps, references and credit values.
 */
final class Ctdl {

    static final String CONTEXT = "https://credreg.net/ctdl/schema/context/json";
    /** The alignment framework under which a CTID is kept: a component's, and its pathway's. */
    static final String COMPONENT = "CTDL";
    static final String PATHWAY = "CTDL Pathway";

    private Ctdl() {
    }

    /** A type name without its prefix: "ceterms:CourseComponent" gives "CourseComponent". */
    static String type(JsonNode node) {
        JsonNode t = node.get("@type");
        if (t != null && t.isArray() && !t.isEmpty()) {
            t = t.get(0);
        }
        return t == null || !t.isTextual() ? "" : local(t.asText());
    }

    static String local(String term) {
        int colon = term.lastIndexOf(':');
        int slash = term.lastIndexOf('/');
        int hash = term.lastIndexOf('#');
        return term.substring(Math.max(colon, Math.max(slash, hash)) + 1);
    }

    /** A property by its CTDL name with or without the ceterms: prefix. */
    static JsonNode get(JsonNode node, String property) {
        JsonNode v = node.get("ceterms:" + property);
        return v != null ? v : node.get(property);
    }

    /** The text of a plain string or a language map, English first. */
    static String text(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isArray()) {
            return v.isEmpty() ? null : text(v.get(0));
        }
        if (v.isTextual() || v.isNumber()) {
            return v.asText();
        }
        if (v.isObject()) {
            if (v.has("@value")) {
                return v.get("@value").asText();
            }
            for (String lang : List.of("en", "en-US", "en-GB", "en-us", "en-gb")) {
                if (v.hasNonNull(lang)) {
                    return text(v.get(lang));
                }
            }
            var values = v.elements();
            return values.hasNext() ? text(values.next()) : null;
        }
        return null;
    }

    /** The values of a property that may be one value or an array. */
    static List<JsonNode> many(JsonNode v) {
        List<JsonNode> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isArray()) {
            v.forEach(out::add);
        } else {
            out.add(v);
        }
        return out;
    }

    /** A reference: a URI or CTID string, or an object naming one in @id. */
    static String ref(JsonNode v) {
        if (v == null) {
            return null;
        }
        if (v.isTextual()) {
            return v.asText();
        }
        return v.isObject() && v.has("@id") ? v.get("@id").asText() : null;
    }

    /** The CTID a reference or @id ends with (ce-UUID), or null. */
    static String ctidOf(String ref) {
        if (ref == null) {
            return null;
        }
        int at = ref.lastIndexOf("ce-");
        return at >= 0 ? ref.substring(at) : null;
    }

    /**
     * A component's credit: {framework, credits, level?} from {@code ceterms:creditValue}, its framework read from
     * the credit unit's words; null with the reason in {@code why} when there is none the rules can use.
     */
    static Map<String, Object> credit(JsonNode node, StringBuilder why) {
        for (JsonNode value : many(get(node, "creditValue"))) {
            JsonNode amount = first(value, "schema:value", "qdata:value", "value", "schema:minValue",
                    "qdata:minValue", "minValue");
            if (amount == null || !amount.isNumber() && !amount.asText().matches("\\d+(\\.\\d+)?")) {
                why.append("a credit value without a number");
                continue;
            }
            StringBuilder unitWords = new StringBuilder();
            for (JsonNode unit : many(first(value, "ceterms:creditUnitType", "creditUnitType"))) {
                unitWords.append(' ').append(unit.isObject() ? String.valueOf(text(get(unit, "targetNodeName")))
                        + " " + ref(get(unit, "targetNode")) : unit.asText());
            }
            unitWords.append(' ').append(String.valueOf(text(first(value, "schema:unitText", "unitText"))));
            String framework = framework(unitWords.toString());
            if (framework == null) {
                why.append("credit in a unit the rules do not know (").append(unitWords.toString().strip())
                        .append(")");
                continue;
            }
            double credits = amount.asDouble();
            if (!(credits > 0) || credits > 1e6) {
                why.append("a credit value of ").append(amount.asText()).append(", not a positive amount of credit");
                continue;
            }
            Map<String, Object> credit = new java.util.LinkedHashMap<>();
            credit.put("framework", framework);
            credit.put("credits", credits == Math.rint(credits) ? (Object) (long) credits : credits);
            for (JsonNode level : many(first(value, "ceterms:creditLevelType", "creditLevelType"))) {
                String coded = level.isObject() ? text(get(level, "codedNotation")) : null;
                if (coded != null && coded.matches("\\d{1,2}")) {
                    credit.put("level", Integer.parseInt(coded));
                }
            }
            return credit;
        }
        return null;
    }

    private static JsonNode first(JsonNode node, String... names) {
        for (String n : names) {
            if (node.hasNonNull(n)) {
                return node.get(n);
            }
        }
        return null;
    }

    /** The credit framework a CTDL credit unit names, by its words. */
    static String framework(String unitWords) {
        String w = unitWords.toLowerCase(Locale.ROOT);
        if (w.matches("(?s).*\\bects\\b.*")) {
            return "ECTS";
        }
        if (w.contains("cqfw") || w.contains("uk credit") || w.contains("cats")) {
            return "CQFW";
        }
        if (w.contains("scqf")) {
            return "SCQF";
        }
        if (w.contains("semester") || w.contains("degreecredit") || w.contains("degree credit")) {
            return "US-SH";
        }
        return null;
    }

    /** The credit unit CTDL names for one of the rules' frameworks. */
    static String unit(String framework) {
        return switch (framework) {
            case "ECTS" -> "ECTS credit";
            case "CQFW" -> "CQFW credit (UK credit)";
            case "SCQF" -> "SCQF credit";
            case "US-SH" -> "Semester hour";
            default -> framework + " credit";
        };
    }

    /** The catalog's assessment type from {@code ceterms:assessmentMethodType}, or null when it says none. */
    static String assessment(JsonNode node) {
        for (JsonNode method : many(get(node, "assessmentMethodType"))) {
            String m = String.valueOf(method.isObject() ? ref(get(method, "targetNode")) + " "
                    + text(get(method, "targetNodeName")) : method.asText()).toLowerCase(Locale.ROOT);
            if (m.contains("exam")) {
                return "exam";
            }
            if (m.contains("artifact")) {
                return "portfolio";
            }
            if (m.contains("performance")) {
                return "practical";
            }
        }
        return null;
    }

    /** The rules' qualification type for a CTDL credential type. */
    static String qualificationType(String credentialType) {
        String t = credentialType == null ? "" : local(credentialType).toLowerCase(Locale.ROOT);
        if (t.contains("degree")) {
            return "degree";
        }
        if (t.contains("diploma")) {
            return "diploma";
        }
        if (t.contains("certificate") || t.contains("certification")) {
            return "certificate";
        }
        if (t.contains("badge") || t.contains("microcredential")) {
            return "badge";
        }
        return t.contains("award") ? "award" : "other";
    }

    /** The CTDL credential type for one of the rules' qualification types. */
    static String credentialType(String type) {
        return switch (type) {
            case "degree" -> "ceterms:Degree";
            case "diploma" -> "ceterms:Diploma";
            case "certificate" -> "ceterms:Certificate";
            case "badge" -> "ceterms:Badge";
            default -> "ceterms:Credential";
        };
    }
}
