package org.pathwayengine.ruleset;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.pathwayengine.model.RuleProblem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates rule files against the JSON Schemas shipped in {@code schema/} (the same files editors use for
 * completion), reporting each violation at its line.
 */
public final class SchemaCheck {

    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private SchemaCheck() {
    }

    /** Problems of the document against the named schema (e.g. "pathway"), in line order. */
    public static List<RuleProblem> check(YamlDocument doc, String schemaName) {
        JsonSchema schema = SCHEMAS.computeIfAbsent(schemaName, SchemaCheck::load);
        return schema.validate(doc.root()).stream()
                .map(m -> RuleProblem.error(doc.file(), doc.line(m.getInstanceLocation().toString()), message(m)))
                .distinct()
                .sorted(Comparator.comparingInt(RuleProblem::line))
                .toList();
    }

    private static String message(ValidationMessage m) {
        String location = m.getInstanceLocation().toString();
        String text = m.getMessage();
        if (text.startsWith(location + ": ")) {
            text = text.substring(location.length() + 2);
        }
        String where = location.equals("$") ? "" : location.substring(2) + ": ";
        return where + text;
    }

    private static JsonSchema load(String name) {
        String resource = "/schema/" + name + ".schema.json";
        try (InputStream in = SchemaCheck.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
