package io.cpimon.config;

import io.cpimon.config.YamlTree.Entry;
import io.cpimon.config.YamlTree.Kind;
import io.cpimon.config.YamlTree.ListNode;
import io.cpimon.config.YamlTree.MapNode;
import io.cpimon.config.YamlTree.Node;
import io.cpimon.config.YamlTree.ScalarNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A YAML map being bound to a config record: typed getters with defaults, each adding an error (file, line,
 * field path) instead of throwing. Every key read counts as known; {@link #done()} reports the others as unknown,
 * suggesting the closest known key, so the order of the reads is the order of the keys in that message. Getters
 * return the fallback (possibly null) when a key is absent, written as nothing, or invalid. Belongs to one load;
 * not thread-safe.
 */
public final class ConfigMap {
    private final ConfigReader reader;
    private final MapNode node;
    private final String path;
    private final Set<String> known = new LinkedHashSet<>();

    ConfigMap(ConfigReader reader, MapNode node, String path) {
        this.reader = reader;
        this.node = node;
        this.path = path;
    }

    /**
     * A scalar as text, after resolving a {@code ${env:…}} or {@code ${file:…}} reference.
     *
     * @param origin {@code env:NAME} or {@code file:PATH} when read through a reference, else null
     * @param field the path of the value, such as {@code channels[0].to[1]}
     */
    public record Text(String value, String origin, int line, String field) {
        /** How an error may show the value: quoted when written in the file, by its reference otherwise. */
        public String shown() {
            return origin == null ? "'" + value + "'" : "(the value of ${" + origin + "})";
        }
    }

    /** One element of a YAML list, with its path such as {@code tenants[2]}. */
    public final class Item {
        private final Node node;
        private final String path;

        private Item(Node node, String path) {
            this.node = node;
            this.path = path;
        }

        public String path() {
            return path;
        }

        /** The element as text, or null after an error. */
        public Text text() {
            return reader.text(node, path);
        }

        /** The element as an integer between min and max, or null after an error. */
        public Integer integer(int min, int max) {
            return reader.integer(node, path, min, max);
        }

        Node node() {
            return node;
        }
    }

    /** The path of this map, such as {@code channels[0]}; empty for the root. */
    public String path() {
        return path;
    }

    public int line() {
        return node.line();
    }

    public String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The line of the key's value, or of this map when the key is absent. */
    public int line(String key) {
        Entry e = node.entries().get(key);
        return e == null ? node.line() : e.value().line();
    }

    /** The line of the key itself ({@code api:}), or of this map when the key is absent. */
    public int keyLine(String key) {
        Entry e = node.entries().get(key);
        return e == null ? node.line() : e.line();
    }

    /** Whether the key is not written at all ({@code key:} without a value is written); marks it known. */
    public boolean absent(String key) {
        known.add(key);
        return !node.entries().containsKey(key);
    }

    /** Adds an error that no getter can see, such as one that compares two keys. */
    public void error(int line, String field, String message) {
        reader.error(line, field, message);
    }

    /** Adds an error about a value read as text. */
    public void error(Text value, String message) {
        reader.error(value.line(), value.field(), message);
    }

    /** The value, or null when absent or written as null/empty. */
    private Node get(String key) {
        known.add(key);
        Entry e = node.entries().get(key);
        if (e == null || (e.value() instanceof ScalarNode s && s.kind() == Kind.NULL)) {
            return null;
        }
        return e.value();
    }

    private void missing(String key) {
        Entry e = node.entries().get(key);
        if (e != null) {
            reader.error(e.line(), field(key), "needs a value");
        } else {
            reader.error(node.line(), field(key), "missing required field");
        }
    }

    // ---------------------------------------------------------------- scalars

    /** @param required whether absence and blank text are errors */
    public Text text(String key, boolean required) {
        Node n = get(key);
        if (n == null) {
            if (required) {
                missing(key);
            }
            return null;
        }
        Text t = reader.text(n, field(key));
        if (t != null && required && t.value().isBlank()) {
            reader.error(n.line(), field(key), "must not be empty");
            return null;
        }
        return t;
    }

    public String string(String key, String fallback) {
        Text t = text(key, false);
        return t == null ? fallback : t.value();
    }

    public String requiredString(String key) {
        Text t = text(key, true);
        return t == null ? null : t.value();
    }

    /** A secret: a reference or an inline value; errors never show it. */
    public Secret secret(String key, boolean required) {
        Text t = text(key, required);
        return t == null ? null : Secret.of(t.value(), t.origin() == null ? "inline" : t.origin());
    }

    /** A required secret that must be an http(s) URL, such as a Teams webhook URL with its signature. */
    public Secret secretUrl(String key) {
        Text t = text(key, true);
        if (t == null) {
            return null;
        }
        String problem = ConfigReader.urlProblem(t.value());
        if (problem != null) {
            error(t, problem.startsWith("is not a valid URL")
                    ? "is not a valid URL (not shown: the value is a secret)"
                    : problem + " (not shown: the value is a secret)");
        }
        return Secret.of(t.value(), t.origin() == null ? "inline" : t.origin());
    }

    /** An absolute http(s) URL. */
    public URI url(String key, boolean required) {
        Text t = text(key, required);
        if (t == null) {
            return null;
        }
        String problem = ConfigReader.urlProblem(t.value());
        if (problem != null) {
            error(t, t.shown() + " " + problem);
            return null;
        }
        return URI.create(t.value().strip());
    }

    public int integer(String key, int fallback, int min, int max) {
        Node n = get(key);
        Integer value = n == null ? null : reader.integer(n, field(key), min, max);
        return value == null ? fallback : value;
    }

    public boolean bool(String key, boolean fallback) {
        Node n = get(key);
        Boolean value = n == null ? null : reader.bool(n, field(key));
        return value == null ? fallback : value;
    }

    /** Whether the key is present with a non-null value (marks it known). */
    public boolean has(String key) {
        return get(key) != null;
    }

    /** A number (integer or decimal) between min and max. */
    public double decimal(String key, double fallback, double min, double max) {
        Node n = get(key);
        Double value = n == null ? null : reader.decimal(n, field(key), min, max);
        return value == null ? fallback : value;
    }

    /** @param positive whether 0s is an error */
    public Duration duration(String key, Duration fallback, boolean positive) {
        Node n = get(key);
        Duration value = n == null ? null : reader.duration(n, field(key), positive);
        return value == null ? fallback : value;
    }

    /** One of the allowed spellings (keys of {@code allowed}, listed in the error in sorted order). */
    public <T> T choice(String key, Map<String, T> allowed, T fallback, boolean required) {
        Text t = text(key, required);
        if (t == null) {
            return fallback;
        }
        String v = t.value().strip();
        T value = allowed.get(v);
        if (value == null && allowed.containsKey(v.toUpperCase(Locale.ROOT))) {
            value = allowed.get(v.toUpperCase(Locale.ROOT)); // HTTP methods: head is HEAD
        }
        if (value == null) {
            error(t, "invalid value " + t.shown() + " (allowed: "
                    + String.join(", ", allowed.keySet().stream().sorted().toList()) + ")");
            return fallback;
        }
        return value;
    }

    /** A Java regular expression. */
    public String regex(String key, String fallback) {
        Text t = text(key, false);
        if (t == null) {
            return fallback;
        }
        try {
            Pattern.compile(t.value());
            return t.value();
        } catch (PatternSyntaxException e) {
            error(t, "invalid regular expression " + t.shown() + ": " + e.getDescription());
            return fallback;
        }
    }

    // ---------------------------------------------------------------- maps and lists

    /** The map under key; an empty map when absent (so that its defaults apply). */
    public ConfigMap section(String key) {
        Node n = get(key);
        if (n == null) {
            return new ConfigMap(reader, new MapNode(node.line(), Map.of()), field(key));
        }
        if (n instanceof MapNode m) {
            return new ConfigMap(reader, m, field(key));
        }
        reader.error(n.line(), field(key), "expected a map, got " + ConfigReader.describe(n));
        return new ConfigMap(reader, new MapNode(n.line(), Map.of()), field(key));
    }

    /** The map under key, or null when absent or not a map (an error then). */
    public ConfigMap optional(String key) {
        Node n = get(key);
        if (n == null) {
            return null;
        }
        if (n instanceof MapNode m) {
            return new ConfigMap(reader, m, field(key));
        }
        reader.error(n.line(), field(key), "expected a map, got " + ConfigReader.describe(n));
        return null;
    }

    /** The map under key, or null when absent (an error) or not a map (an error). */
    public ConfigMap required(String key) {
        ConfigMap o = optional(key);
        if (o == null && get(key) == null) {
            missing(key);
        }
        return o;
    }

    /** The list under key, or null when absent or not a list (an error then). */
    public List<Item> items(String key) {
        Node n = get(key);
        if (n == null) {
            return null;
        }
        if (!(n instanceof ListNode l)) {
            reader.error(n.line(), field(key), "expected a list, got " + ConfigReader.describe(n));
            return null;
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < l.items().size(); i++) {
            items.add(new Item(l.items().get(i), field(key) + "[" + i + "]"));
        }
        return items;
    }

    /** The maps of a list of maps; empty when absent. */
    public List<ConfigMap> objects(String key) {
        List<Item> items = items(key);
        List<ConfigMap> objects = new ArrayList<>();
        for (Item item : items == null ? List.<Item>of() : items) {
            if (item.node() instanceof MapNode m) {
                objects.add(new ConfigMap(reader, m, item.path()));
            } else {
                reader.error(item.node().line(), item.path(), "expected a map, got "
                        + ConfigReader.describe(item.node()));
            }
        }
        return objects;
    }

    public List<String> strings(String key, List<String> fallback) {
        List<Item> items = items(key);
        if (items == null) {
            return fallback;
        }
        List<String> values = new ArrayList<>();
        for (Item item : items) {
            Text t = item.text();
            if (t != null) {
                values.add(t.value());
            }
        }
        return List.copyOf(values);
    }

    /** A map of strings to strings (labels, matchers), in file order; empty when absent. */
    public Map<String, String> stringMap(String key) {
        ConfigMap m = optional(key);
        if (m == null) {
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Entry e : m.node.entries().values()) {
            Text t = reader.text(e.value(), m.field(e.key()));
            if (t != null) {
                values.put(e.key(), t.value());
            }
        }
        return Collections.unmodifiableMap(values);
    }

    /** A map of names to secrets (HTTP headers), in file order; empty when absent. Errors never show a value. */
    public Map<String, Secret> secretMap(String key) {
        ConfigMap m = optional(key);
        if (m == null) {
            return Map.of();
        }
        Map<String, Secret> values = new LinkedHashMap<>();
        for (Entry e : m.node.entries().values()) {
            Text t = reader.text(e.value(), m.field(e.key()));
            if (t != null) {
                values.put(e.key(), Secret.of(t.value(), t.origin() == null ? "inline" : t.origin()));
            }
        }
        return Collections.unmodifiableMap(values);
    }

    /** {@code user} and {@code password} (a secret), both required. */
    public CpimonConfig.BasicAuthConfig basicAuth() {
        String user = requiredString("user");
        Secret password = secret("password", true);
        done();
        return new CpimonConfig.BasicAuthConfig(user, password);
    }

    // ---------------------------------------------------------------- checks shared by sections

    /** Tenant and pair ids: 1 to 63 lowercase letters, digits and '-'. */
    boolean checkId(Text id, String what) {
        return reader.checkId(id, what);
    }

    /** Records the name with its line; reports it when seen before. */
    void unique(Map<String, Integer> seen, Text name, String what) {
        reader.unique(seen, name, what);
    }

    /** Reports every key that was never read as unknown. */
    public void done() {
        for (Entry e : node.entries().values()) {
            if (!known.contains(e.key())) {
                reader.error(e.line(), field(e.key()), "unknown key '" + e.key() + "'"
                        + KeySuggestion.hint(e.key(), known));
            }
        }
    }
}
