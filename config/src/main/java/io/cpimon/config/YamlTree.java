package io.cpimon.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML document as a small tree whose every node knows its line. Jackson's {@code JsonNode} has
 * no locations, so the tree is built from the streaming parser's tokens.
 */
final class YamlTree {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    sealed interface Node permits MapNode, ListNode, ScalarNode {
        /** 1-based line where the node starts. */
        int line();
    }

    /** @param line the line of the key */
    record Entry(String key, int line, Node value) {}

    record MapNode(int line, Map<String, Entry> entries) implements Node {}

    record ListNode(int line, List<Node> items) implements Node {}

    enum Kind { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

    /**
     * @param text the scalar as written (after YAML unquoting): {@code 0123} stays {@code 0123} in a string field
     * @param number the value of an INTEGER or FLOAT as YAML reads it ({@code 0x1F}, {@code 1_000}); else null
     */
    record ScalarNode(int line, Kind kind, String text, Number number) implements Node {
        ScalarNode(int line, Kind kind, String text) {
            this(line, kind, text, null);
        }
    }

    private final String file;
    private final List<ConfigError> errors;
    private final YAMLParser parser;

    private YamlTree(String file, List<ConfigError> errors, YAMLParser parser) {
        this.file = file;
        this.errors = errors;
        this.parser = parser;
    }

    /**
     * Reads one YAML document. An empty document reads as an empty map.
     *
     * @return the root, or null after a syntax error (added to {@code errors}; parsing stops there)
     */
    static Node read(String yaml, String file, List<ConfigError> errors) {
        try (YAMLParser parser = FACTORY.createParser(yaml)) {
            YamlTree tree = new YamlTree(file, errors, parser);
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new MapNode(1, Map.of());
            }
            Node root = tree.node(first);
            if (parser.nextToken() != null) {
                errors.add(new ConfigError(file, line(parser.currentTokenLocation()), "",
                        "the file holds more than one YAML document; cpimon reads exactly one"));
                return null;
            }
            return root;
        } catch (StreamReadException e) {
            errors.add(syntaxError(file, e));
            return null;
        } catch (IOException e) {
            errors.add(new ConfigError(file, 0, "", "cannot read YAML: " + e.getMessage()));
            return null;
        }
    }

    private Node node(JsonToken token) throws IOException {
        int line = line(parser.currentTokenLocation());
        if (parser.isCurrentAlias()) {
            errors.add(new ConfigError(file, line, "", "YAML aliases (*" + parser.getText()
                    + ") are not supported: write the value out"));
            return new ScalarNode(line, Kind.NULL, "");
        }
        return switch (token) {
            case START_OBJECT -> map(line);
            case START_ARRAY -> list(line);
            case VALUE_STRING -> new ScalarNode(line, Kind.STRING, parser.getText());
            case VALUE_NUMBER_INT -> new ScalarNode(line, Kind.INTEGER, parser.getText(), parser.getNumberValue());
            case VALUE_NUMBER_FLOAT -> new ScalarNode(line, Kind.FLOAT, parser.getText(), parser.getNumberValue());
            case VALUE_TRUE, VALUE_FALSE -> new ScalarNode(line, Kind.BOOLEAN, parser.getText());
            case VALUE_NULL -> new ScalarNode(line, Kind.NULL, "");
            // binary and embedded objects only come from explicit YAML tags such as !!binary
            default -> new ScalarNode(line, Kind.STRING, parser.getText());
        };
    }

    private MapNode map(int line) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        JsonToken t;
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int keyLine = line(parser.currentTokenLocation());
            Node value = node(parser.nextToken());
            Entry first = entries.get(key);
            if (first != null) {
                errors.add(new ConfigError(file, keyLine, "", "duplicate key '" + key
                        + "' (first defined at line " + first.line() + ")"));
            } else {
                entries.put(key, new Entry(key, keyLine, value));
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new IllegalStateException("unexpected token in a YAML map: " + t);
        }
        return new MapNode(line, Collections.unmodifiableMap(entries));
    }

    private ListNode list(int line) throws IOException {
        List<Node> items = new ArrayList<>();
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new IllegalStateException("YAML list not closed");
            }
            items.add(node(t));
        }
        return new ListNode(line, List.copyOf(items));
    }

    private static ConfigError syntaxError(String file, StreamReadException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                // the problem and context texts name characters and tokens, never the surrounding snippet
                String context = m.getContext() == null ? ""
                        : m.getContext() + (m.getContextMark() == null ? "" : " at line " + (m.getContextMark().getLine() + 1))
                                + ": ";
                return new ConfigError(file, m.getProblemMark().getLine() + 1, "",
                        "YAML syntax error at column " + (m.getProblemMark().getColumn() + 1) + ": " + context + m.getProblem());
            }
        }
        JsonLocation at = e.getLocation();
        String where = at != null && at.getColumnNr() > 0 ? " at column " + at.getColumnNr() : "";
        return new ConfigError(file, at == null ? 0 : line(at), "", "YAML syntax error" + where + ": " + e.getOriginalMessage());
    }

    private static int line(JsonLocation at) {
        return Math.max(at.getLineNr(), 0);
    }
}
