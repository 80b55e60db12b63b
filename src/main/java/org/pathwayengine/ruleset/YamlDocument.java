package org.pathwayengine.ruleset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.pathwayengine.model.RuleProblem;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML rule file read as a JSON tree that remembers the line of every node, so that schema and
 * consistency errors can name the line a designer must fix.
 * Paths use the JSONPath-like form {@code $.awards[0].requires.allOf[2]}.
 */
public final class YamlDocument {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String file;
    private final JsonNode root;
    private final Map<String, Integer> lines;

    private YamlDocument(String file, JsonNode root, Map<String, Integer> lines) {
        this.file = file;
        this.root = root;
        this.lines = lines;
    }

    public String file() {
        return file;
    }

    public JsonNode root() {
        return root;
    }

    /** The line of the node at this path, or of its nearest ancestor that has one. */
    public int line(String path) {
        String p = path;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut <= 0) {
                return lines.getOrDefault("$", 1);
            }
            p = p.substring(0, cut);
        }
    }

    /**
     * Parses a YAML text. Syntax errors, duplicate keys and anchors/aliases (which make line numbers ambiguous and
     * can expand without bound) are reported as a {@link RuleFileException} with the line.
     */
    public static YamlDocument parse(String file, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(0);
        options.setCodePointLimit(5 * 1024 * 1024);
        options.setAllowDuplicateKeys(false);
        Node node;
        try {
            node = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new RuleFileException(List.of(RuleProblem.error(file, line,
                    "not valid YAML: " + e.getProblem())));
        } catch (RuntimeException e) {
            throw new RuleFileException(List.of(RuleProblem.error(file, 0, "not valid YAML: " + e.getMessage())));
        }
        if (node == null) {
            throw new RuleFileException(List.of(RuleProblem.error(file, 1, "the file is empty")));
        }
        Map<String, Integer> lines = new HashMap<>();
        JsonNode root = convert(file, node, "$", lines);
        return new YamlDocument(file, root, lines);
    }

    private static JsonNode convert(String file, Node node, String path, Map<String, Integer> lines) {
        lines.put(path, node.getStartMark().getLine() + 1);
        if (node instanceof MappingNode mapping) {
            ObjectNode object = NODES.objectNode();
            for (NodeTuple tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                    throw new RuleFileException(List.of(RuleProblem.error(file,
                            tuple.getKeyNode().getStartMark().getLine() + 1, "keys must be plain names")));
                }
                String name = key.getValue();
                if (object.has(name)) {
                    throw new RuleFileException(List.of(RuleProblem.error(file, key.getStartMark().getLine() + 1,
                            "'" + name + "' is given twice")));
                }
                String childPath = path + "." + name;
                object.set(name, convert(file, tuple.getValueNode(), childPath, lines));
                lines.put(childPath, key.getStartMark().getLine() + 1);
            }
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = NODES.arrayNode();
            int i = 0;
            for (Node item : sequence.getValue()) {
                array.add(convert(file, item, path + "[" + i++ + "]", lines));
            }
            return array;
        }
        if (node instanceof ScalarNode scalar) {
            return scalar(scalar);
        }
        throw new RuleFileException(List.of(RuleProblem.error(file, node.getStartMark().getLine() + 1,
                "anchors and aliases are not supported in rule files")));
    }

    private static JsonNode scalar(ScalarNode scalar) {
        String value = scalar.getValue();
        Tag tag = scalar.getTag();
        try {
            if (Tag.NULL.equals(tag)) {
                return NODES.nullNode();
            }
            if (Tag.BOOL.equals(tag)) {
                String v = value.toLowerCase();
                return NODES.booleanNode(v.equals("true") || v.equals("yes") || v.equals("on") || v.equals("y"));
            }
            if (Tag.INT.equals(tag)) {
                BigInteger big = new BigInteger(value.replace("_", ""));
                return big.bitLength() < 63 ? NODES.numberNode(big.longValue()) : NODES.numberNode(big);
            }
            if (Tag.FLOAT.equals(tag)) {
                return NODES.numberNode(new BigDecimal(value.replace("_", "")));
            }
        } catch (NumberFormatException e) {
            return NODES.textNode(value);
        }
        return NODES.textNode(value);
    }
}
