package io.cpimon.alerting.channels;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The identity of an alert group, like Alertmanager's group key: the route that made it and the values of that
 * route's {@code groupBy} labels, in the route's order. Its text {@code route<i>:{label="value",…}} (values quoted
 * with {@code \} escaping {@code "} and {@code \}) is what the outbox and the notification log store and what
 * peers see as the group's dedup anchor. Immutable.
 * @param origin {@code route<i>} for a route's group, {@code single} for a group of one alert
 * @param labels the group labels in key order (an absent label is the empty string)
 */
public record GroupKey(String origin, Map<String, String> labels) {
    private static final String ROUTE = "route";
    private static final Pattern LABEL = Pattern.compile("([^,={}]+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    public GroupKey {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /** The group of the route at {@code index} (its position in {@code routes}) for these group label values. */
    public static GroupKey ofRoute(int index, Map<String, String> labels) {
        return new GroupKey(ROUTE + index, labels);
    }

    /** The group of one alert alone (a channel test). */
    public static GroupKey single(String fingerprint) {
        return new GroupKey("single", Map.of("fingerprint", fingerprint));
    }

    /** Reads a stored key; text that is no key gives a key of no route with the labels that could be read. */
    public static GroupKey parse(String text) {
        int colon = text.indexOf(':');
        String origin = colon < 0 ? text : text.substring(0, colon);
        Map<String, String> labels = new LinkedHashMap<>();
        int open = text.indexOf('{');
        if (open >= 0) {
            Matcher m = LABEL.matcher(text.substring(open));
            while (m.find()) {
                labels.put(m.group(1), unescape(m.group(2)));
            }
        }
        return new GroupKey(origin, labels);
    }

    /** The position of the route that made this group, or empty when no route did. */
    public Optional<Integer> routeIndex() {
        if (!origin.startsWith(ROUTE)) {
            return Optional.empty();
        }
        try {
            int index = Integer.parseInt(origin.substring(ROUTE.length()));
            return index >= 0 ? Optional.of(index) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The stored and wire form: {@code route0:{rule="tenant_down",tenant="t1"}}. */
    @Override
    public String toString() {
        StringBuilder key = new StringBuilder(origin).append(":{");
        boolean first = true;
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!first) {
                key.append(',');
            }
            first = false;
            key.append(e.getKey()).append("=\"").append(escape(e.getValue())).append('"');
        }
        return key.append('}').toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String unescape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                c = value.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }
}
