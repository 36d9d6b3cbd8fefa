package io.cpimon.config;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A pair's failover action ({@code pairs[].action}): the HTTP call made when the pair fails over ({@code failover})
 * and, optionally, the reverse call when it fails back ({@code failback}), with the guards around them. Immutable.
 *
 * @param mode {@code dry-run} (default: records what would be sent, sends nothing) or {@code live}
 * @param approval whether an operator must approve each action from the dashboard or the API
 * @param failures failed probes of the primary within {@code window} before a failover is considered
 * @param recheckAfter the delay after which the failover must still hold before the action goes ahead
 * @param failbackAfter how long the pair must have stayed failed back before the reverse action goes ahead
 * @param approvalTimeout how long an action waits for an approval before it expires
 * @param retries further attempts after a failed call; @param retryAfter the wait before each
 * @param timeout one attempt's time limit
 * @param failback nullable: without it a failback triggers nothing
 */
public record ActionConfig(Mode mode, boolean approval, int failures, Duration window, Duration recheckAfter,
                           Duration failbackAfter, Duration approvalTimeout, int retries, Duration retryAfter,
                           Duration timeout, CallConfig failover, CallConfig failback) {
    /** The names a body template may use, see {@link #model}. */
    public static final List<String> MODEL = List.of("pair", "direction", "from", "to", "primary", "dr", "reason",
            "requestedBy", "actionId");

    /** What an action does with its call. */
    public enum Mode {
        DRY_RUN, LIVE;

        /** {@code dry-run} or {@code live}. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One HTTP call.
     * @param url a secret: it may hold a signature; shown as {@link #target()} only
     * @param headers names to secret values (an {@code Authorization} header, an API key)
     * @param body nullable: the template text of the body, rendered over {@link #MODEL} with JSON string escaping
     */
    public record CallConfig(String method, Secret url, Map<String, Secret> headers, String body) {
        /** The body rendered over the model; empty when there is no body. */
        public String render(Map<String, String> model) {
            return body == null ? "" : compile(body).execute(model);
        }

        /** Scheme, host, port and path of the URL: never its query, fragment or user info. */
        public String target() {
            String u = url.reveal();
            int cut = u.length();
            for (char c : new char[] {'?', '#'}) {
                int i = u.indexOf(c);
                if (i >= 0 && i < cut) {
                    cut = i;
                }
            }
            String base = u.substring(0, cut);
            int scheme = base.indexOf("://");
            int at = base.indexOf('@');
            if (scheme >= 0 && at > scheme) {
                base = base.substring(0, scheme + 3) + base.substring(at + 1);
            }
            return base;
        }
    }

    /** The model a body template sees. */
    public static Map<String, String> model(String pair, String direction, String from, String to, String primary,
                                            String dr, String reason, String requestedBy, long actionId) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("pair", pair);
        m.put("direction", direction);
        m.put("from", from);
        m.put("to", to);
        m.put("primary", primary);
        m.put("dr", dr);
        m.put("reason", reason);
        m.put("requestedBy", requestedBy);
        m.put("actionId", Long.toString(actionId));
        return m;
    }

    static Template compile(String text) {
        return Mustache.compiler().withEscaper(ActionConfig::jsonEscape).compile(text);
    }

    /** The body's problem (syntax, an unknown name), or null when it renders over the model. */
    static String templateProblem(String text) {
        try {
            compile(text).execute(model("p", "failover", "a", "b", "a", "b", "r", "u", 1));
            return null;
        } catch (MustacheException e) {
            return "is not a valid template: " + e.getMessage() + " (names: " + String.join(", ", MODEL) + ")";
        }
    }

    /** Escapes a value for the inside of a JSON string, so that a reason cannot break the body. */
    static String jsonEscape(String raw) {
        StringBuilder s = new StringBuilder(raw.length() + 8);
        for (char c : raw.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.toString();
    }
}
