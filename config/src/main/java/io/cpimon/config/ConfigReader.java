package io.cpimon.config;

import io.cpimon.config.YamlTree.Kind;
import io.cpimon.config.YamlTree.ListNode;
import io.cpimon.config.YamlTree.MapNode;
import io.cpimon.config.YamlTree.Node;
import io.cpimon.config.YamlTree.ScalarNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The typed-reading primitives every section binds with: resolves {@code ${env:…}} / {@code ${file:…}}
 * references, reads scalars as strings, integers, booleans and durations without coercing types, and collects
 * errors with file and line instead of stopping at the first. Errors never quote a secret, nor any value read
 * through a reference. One instance per load; not thread-safe.
 */
final class ConfigReader {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]*)}");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final String ID_RULE =
            "use 1 to 63 lowercase letters, digits and '-', starting with a letter or digit";

    private final String file;
    private final Function<String, String> env;
    private final Path baseDir;
    private final List<ConfigError> errors;

    /** @param baseDir where relative {@code ${file:…}} paths start; null for the working directory */
    ConfigReader(String file, Function<String, String> env, Path baseDir, List<ConfigError> errors) {
        this.file = file;
        this.env = env;
        this.baseDir = baseDir;
        this.errors = errors;
    }

    void error(int line, String field, String message) {
        errors.add(new ConfigError(file, line, field, message));
    }

    /** The root map of the file, or null (after an error) when the file is not a map. */
    ConfigMap root(Node root) {
        if (root instanceof MapNode map) {
            return new ConfigMap(this, map, "");
        }
        error(root.line(), "", "expected a map with the sections server, database, retention, tenants, pairs, "
                + "rules, channels, routes, forwarding; got " + describe(root));
        return null;
    }

    // ---------------------------------------------------------------- scalars

    /** @return null (after adding an error) when the node is not a scalar or its reference cannot be resolved */
    ConfigMap.Text text(Node node, String field) {
        if (!(node instanceof ScalarNode s) || s.kind() == Kind.NULL) {
            error(node.line(), field, "expected a string, got " + describe(node));
            return null;
        }
        if (s.kind() != Kind.STRING) {
            return new ConfigMap.Text(s.text(), null, s.line(), field);
        }
        Matcher m = REFERENCE.matcher(s.text());
        if (!m.matches()) {
            if (s.text().contains("${env:") || s.text().contains("${file:")) {
                error(s.line(), field, "a ${env:NAME} or ${file:PATH} reference must be the whole value");
                return null;
            }
            return new ConfigMap.Text(s.text(), null, s.line(), field);
        }
        String kind = m.group(1);
        String ref = m.group(2).strip();
        if (ref.isEmpty()) {
            error(s.line(), field, "${" + kind + ":} needs a " + (kind.equals("env") ? "variable name" : "path"));
            return null;
        }
        return kind.equals("env") ? envReference(s, field, ref) : fileReference(s, field, ref);
    }

    private ConfigMap.Text envReference(ScalarNode s, String field, String name) {
        String value = env.apply(name);
        if (value == null) {
            error(s.line(), field, "environment variable " + name + " is not set");
            return null;
        }
        return new ConfigMap.Text(value, "env:" + name, s.line(), field);
    }

    private ConfigMap.Text fileReference(ScalarNode s, String field, String ref) {
        Path path = baseDir == null ? Path.of(ref) : baseDir.resolve(ref);
        try {
            String value = Files.readString(path);
            if (value.endsWith("\r\n")) {
                value = value.substring(0, value.length() - 2);
            } else if (value.endsWith("\n")) {
                value = value.substring(0, value.length() - 1);
            }
            return new ConfigMap.Text(value, "file:" + ref, s.line(), field);
        } catch (IOException | RuntimeException e) {
            error(s.line(), field, "cannot read file " + path + " (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    Integer integer(Node node, String field, int min, int max) {
        Integer value;
        if (node instanceof ScalarNode s && s.kind() == Kind.INTEGER) {
            value = s.number() instanceof Integer i ? i : null; // Long or BigInteger: out of range
            if (value == null) {
                error(node.line(), field, "must be between " + min + " and " + max + " (got " + s.text() + ")");
                return null;
            }
        } else if (isReference(node)) {
            ConfigMap.Text t = text(node, field);
            if (t == null) {
                return null;
            }
            value = parseInt(t.value().strip());
            if (value == null) {
                error(node.line(), field, "expected an integer, got " + t.shown());
                return null;
            }
        } else {
            error(node.line(), field, "expected an integer, got " + describe(node));
            return null;
        }
        if (value < min || value > max) {
            error(node.line(), field, "must be between " + min + " and " + max + " (got " + value + ")");
            return null;
        }
        return value;
    }

    private static Integer parseInt(String text) {
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A number (integer or decimal) between min and max, or null after an error. */
    Double decimal(Node node, String field, double min, double max) {
        if (node instanceof ScalarNode s && (s.kind() == Kind.INTEGER || s.kind() == Kind.FLOAT)
                && s.number() != null) {
            double v = s.number().doubleValue();
            if (v < min || v > max || Double.isNaN(v)) {
                error(node.line(), field, "must be between " + min + " and " + max + " (got " + s.text() + ")");
                return null;
            }
            return v;
        }
        error(node.line(), field, "expected a number, got " + describe(node));
        return null;
    }

    Duration duration(Node node, String field, boolean positive) {
        if (node instanceof ScalarNode s && (s.kind() == Kind.INTEGER || s.kind() == Kind.FLOAT)) {
            error(node.line(), field, "invalid duration '" + s.text() + "': a number needs a unit (use a unit: "
                    + s.text() + "s)");
            return null;
        }
        ConfigMap.Text t = text(node, field);
        if (t == null) {
            return null;
        }
        Duration d;
        try {
            d = Durations.parse(t.value().strip());
        } catch (IllegalArgumentException e) {
            error(node.line(), field, "invalid duration " + t.shown() + ": " + e.getMessage());
            return null;
        }
        if (positive && d.isZero()) {
            error(node.line(), field, "must be longer than 0s");
            return null;
        }
        return d;
    }

    Boolean bool(Node node, String field) {
        if (node instanceof ScalarNode s && s.kind() == Kind.BOOLEAN) {
            // YAML 1.1 also reads yes/no/on/off as booleans
            return Set.of("true", "yes", "on", "y").contains(s.text().toLowerCase(Locale.ROOT));
        }
        if (isReference(node)) {
            ConfigMap.Text t = text(node, field);
            if (t == null) {
                return null;
            }
            if (t.value().strip().equals("true") || t.value().strip().equals("false")) {
                return Boolean.valueOf(t.value().strip());
            }
            error(node.line(), field, "expected true or false, got " + t.shown());
            return null;
        }
        error(node.line(), field, "expected true or false, got " + describe(node));
        return null;
    }

    private static boolean isReference(Node node) {
        return node instanceof ScalarNode s && s.kind() == Kind.STRING && REFERENCE.matcher(s.text()).matches();
    }

    /** @return why the text is not an absolute http(s) URL, or null when it is one */
    static String urlProblem(String text) {
        try {
            URI uri = new URI(text.strip());
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (!uri.isAbsolute() || !http || uri.getHost() == null) {
                return "is not an absolute http or https URL";
            }
            return null;
        } catch (URISyntaxException e) {
            return "is not a valid URL (" + e.getReason() + ")";
        }
    }

    static String describe(Node node) {
        return switch (node) {
            case MapNode m -> "a map";
            case ListNode l -> "a list";
            case ScalarNode s -> switch (s.kind()) {
                case NULL -> "nothing";
                case STRING -> "'" + s.text() + "'";
                default -> s.text();
            };
        };
    }

    // ---------------------------------------------------------------- checks shared by sections

    /** Tenant and pair ids: {@code [a-z0-9][a-z0-9-]{0,62}}. */
    boolean checkId(ConfigMap.Text id, String what) {
        if (!ID.matcher(id.value()).matches()) {
            error(id.line(), id.field(), "invalid " + what + " id " + id.shown() + " (" + ID_RULE + ")");
            return false;
        }
        return true;
    }

    /** Records the name with its line; reports it when seen before. */
    void unique(Map<String, Integer> seen, ConfigMap.Text name, String what) {
        Integer first = seen.putIfAbsent(name.value(), name.line());
        if (first != null) {
            error(name.line(), name.field(), "duplicate " + what + " '" + name.value() + "' (first at line " + first
                    + ")");
        }
    }

    static String listOf(String prefix, Collection<String> names, String suffix) {
        return names.isEmpty() ? " (none are defined)" : prefix + String.join(", ", names) + suffix;
    }
}
