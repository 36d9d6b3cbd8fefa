package io.cpimon.config;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders a {@link CpimonConfig} as YAML text: the effective configuration, defaults included, in
 * the same shape as cpimon.yaml. Every {@link Secret} prints as {@code <secret>} followed by a
 * comment naming its source ({@code env:NAME}, {@code file:PATH} or {@code inline}), never its value.
 * Used by {@code check-config} to show what was understood. Stateless.
 */
public final class ConfigPrinter {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./][A-Za-z0-9 _./@:+%?&=,()*<>-]*");
    private static final Pattern LOOKS_TYPED = Pattern.compile(
            "(?i)null|~|true|false|yes|no|on|off|y|n|[-+]?(\\d[\\d_]*)?\\.?\\d*(e[-+]?\\d+)?|0x[0-9a-f]+|0o[0-7]+|\\.inf|\\.nan");

    private final StringBuilder out = new StringBuilder();

    private ConfigPrinter() {}

    public static String print(CpimonConfig c) {
        ConfigPrinter p = new ConfigPrinter();
        p.render(c);
        return p.out.toString();
    }

    private void render(CpimonConfig c) {
        var s = c.server();
        line(0, "server:");
        line(1, "host: " + str(s.host()));
        line(1, "port: " + s.port());
        if (s.tokens().isEmpty()) {
            line(1, "tokens: []");
        } else {
            line(1, "tokens:");
            for (var t : s.tokens()) {
                item(2, "name: " + str(t.name()));
                line(3, "role: " + lower(t.role()));
                line(3, "token: " + secret(t.token()));
            }
        }

        var d = c.database();
        line(0, "database:");
        line(1, "url: " + (d.url() == null ? "null  # embedded PostgreSQL" : str(maskJdbcPassword(d.url()))));
        line(1, "user: " + str(d.user()));
        line(1, "password: " + secret(d.password()));
        line(1, "embeddedDir: " + str(d.embeddedDir()));
        line(1, "poolSize: " + d.poolSize());

        var r = c.retention();
        line(0, "retention:");
        line(1, "mpl: " + dur(r.mpl()));
        line(1, "probes: " + dur(r.probes()));
        line(1, "alerts: " + dur(r.alerts()));

        list(0, "tenants", c.tenants());
        for (var t : c.tenants()) {
            item(1, "id: " + str(t.id()));
            line(2, "name: " + str(t.name()));
            line(2, "api:");
            line(3, "url: " + str(t.api().url().toString()));
            line(3, "timeout: " + dur(t.api().timeout()));
            line(3, "auth:");
            var o = t.api().auth().oauth2();
            if (o != null) {
                line(4, "oauth2:");
                line(5, "tokenUrl: " + str(o.tokenUrl().toString()));
                line(5, "clientId: " + str(o.clientId()));
                line(5, "clientSecret: " + secret(o.clientSecret()));
            }
            if (t.api().auth().basic() != null) {
                line(4, "basic:");
                basic(5, t.api().auth().basic());
            }
            var p = t.probe();
            line(2, "probe:");
            line(3, "url: " + str(p.url().toString()));
            line(3, "method: " + p.method());
            line(3, "interval: " + dur(p.interval()));
            line(3, "timeout: " + dur(p.timeout()));
            line(3, "upStatus: " + flow(p.upStatus()));
            if (p.auth() != null) {
                line(3, "auth:");
                basic(4, p.auth());
            }
            if (p.bodyMatch() != null) {
                line(3, "bodyMatch: " + str(p.bodyMatch()));
            }
            var q = t.poll();
            line(2, "poll:");
            line(3, "interval: " + dur(q.interval()));
            line(3, "overlap: " + dur(q.overlap()));
            line(3, "pageSize: " + q.pageSize());
            line(3, "initialLookback: " + dur(q.initialLookback()));
            map(2, "labels", t.labels());
        }

        list(0, "pairs", c.pairs());
        for (var p : c.pairs()) {
            item(1, "id: " + str(p.id()));
            line(2, "primary: " + str(p.primary()));
            line(2, "dr: " + str(p.dr()));
            line(2, "mode: " + lower(p.mode()).replace('_', '-'));
            line(2, "businessKey: " + str(p.businessKey()));
            line(2, "duplicateWindow: " + dur(p.duplicateWindow()));
        }

        var rules = c.rules();
        var td = rules.tenantDown();
        line(0, "rules:");
        line(1, "evaluationInterval: " + dur(rules.evaluationInterval()));
        line(1, "tenant_down:");
        line(2, "enabled: " + td.enabled());
        line(2, "failures: " + td.failures());
        line(2, "window: " + td.window());
        line(2, "for: " + dur(td.forDuration()));
        line(2, "keepFiringFor: " + dur(td.keepFiringFor()));
        line(2, "severity: " + str(td.severity()));
        rule("api_unreachable", rules.apiUnreachable());
        rule("auth_failed", rules.authFailed());
        rule("success_rate_drop", rules.successRateDrop());
        rule("throughput_drop", rules.throughputDrop());
        rule("failed_messages", rules.failedMessages());
        rule("stuck_messages", rules.stuckMessages());
        rule("iflow_error", rules.iflowError());
        rule("cert_expiry", rules.certExpiry());
        rule("failover", rules.failover());
        rule("failback", rules.failback());
        rule("duplicate_processing", rules.duplicateProcessing());
        rule("dr_drift", rules.drDrift());
        list(1, "inhibit", rules.inhibit());
        for (var i : rules.inhibit()) {
            item(2, "source: " + flow(i.source().stream().map(LabelMatcher::toString).toList()));
            line(3, "target: " + flow(i.target().stream().map(LabelMatcher::toString).toList()));
            line(3, "equal: " + flow(i.equal()));
        }

        list(0, "channels", c.channels());
        for (var ch : c.channels()) {
            item(1, "name: " + str(ch.name()));
            line(2, "type: " + ch.type());
            switch (ch) {
                case CpimonConfig.TeamsChannel t -> {
                    line(2, "url: " + secret(t.url()));
                    line(2, "format: " + lower(t.format()));
                }
                case CpimonConfig.WebhookChannel w -> {
                    line(2, "url: " + secret(w.url()));
                    if (w.auth() != null) {
                        line(2, "auth:");
                        basic(3, w.auth());
                    }
                }
                case CpimonConfig.EmailChannel e -> {
                    line(2, "smtp:");
                    line(3, "host: " + str(e.smtp().host()));
                    line(3, "port: " + e.smtp().port());
                    line(3, "starttls: " + e.smtp().starttls());
                    line(3, "user: " + str(e.smtp().user()));
                    line(3, "password: " + secret(e.smtp().password()));
                    line(2, "from: " + str(e.from()));
                    line(2, "to: " + flow(e.to()));
                }
                case CpimonConfig.ServiceNowChannel n -> {
                    line(2, "url: " + str(n.url().toString()));
                    line(2, "user: " + str(n.user()));
                    line(2, "password: " + secret(n.password()));
                    line(2, "assignmentGroup: " + str(n.assignmentGroup()));
                    line(2, "mode: " + lower(n.mode()));
                    line(2, "closeCode: " + str(n.closeCode()));
                    line(2, "closeNotes: " + str(n.closeNotes()));
                }
                case CpimonConfig.AlertmanagerChannel m -> {
                    line(2, "url: " + str(m.url().toString()));
                    if (m.auth() != null) {
                        line(2, "auth:");
                        basic(3, m.auth());
                    }
                }
                case CpimonConfig.AzureMonitorChannel a -> {
                    line(2, "endpoint: " + str(a.endpoint().toString()));
                    line(2, "ruleId: " + str(a.ruleId()));
                    line(2, "stream: " + str(a.stream()));
                    line(2, "credential:");
                    line(3, "tenantId: " + str(a.credential().tenantId()));
                    line(3, "clientId: " + str(a.credential().clientId()));
                    line(3, "clientSecret: " + secret(a.credential().clientSecret()));
                    line(3, "authorityHost: "
                            + (a.credential().authorityHost() == null ? "null" : str(a.credential().authorityHost().toString())));
                }
            }
        }

        list(0, "routes", c.routes());
        for (var route : c.routes()) {
            if (route.match().isEmpty()) {
                item(1, "match: {}  # everything");
            } else {
                item(1, "match:");
                for (var e : route.match().entrySet()) {
                    line(3, str(e.getKey()) + ": " + str(e.getValue()));
                }
            }
            line(2, "channels: " + flow(route.channels()));
            line(2, "groupBy: " + flow(route.groupBy()));
            line(2, "groupWait: " + dur(route.groupWait()));
            line(2, "groupInterval: " + dur(route.groupInterval()));
            line(2, "repeatInterval: " + dur(route.repeatInterval()));
            line(2, "continue: " + route.continueMatching());
            line(2, "firstAtOnce: " + flow(route.firstAtOnce()));
            line(2, "fallback: " + str(route.fallback()));
        }
    }

    /** One rule: its common keys, then its own parameters in record order (overrides as flow maps). */
    private void rule(String name, Record rule) {
        line(1, name + ":");
        for (var component : rule.getClass().getRecordComponents()) {
            Object v;
            try {
                v = component.getAccessor().invoke(rule);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (v instanceof CpimonConfig.RuleBasics b) {
                line(2, "enabled: " + b.enabled());
                line(2, "for: " + dur(b.forDuration()));
                line(2, "keepFiringFor: " + dur(b.keepFiringFor()));
                line(2, "severity: " + str(b.severity()));
            } else if (v instanceof List<?> overrides) {
                list(2, component.getName(), overrides);
                for (Object o : overrides) {
                    out.append("    - ").append(override((CpimonConfig.RuleOverride) o)).append('\n');
                }
            } else {
                line(2, component.getName() + ": " + (v instanceof Duration d ? dur(d) : v instanceof String t ? str(t) : String.valueOf(v)));
            }
        }
    }

    private static String override(CpimonConfig.RuleOverride o) {
        List<String> parts = new java.util.ArrayList<>();
        if (o.tenant() != null) {
            parts.add("tenant: " + str(o.tenant()));
        }
        if (o.iflow() != null) {
            parts.add("iflow: " + str(o.iflow()));
        }
        if (o.enabled() != null) {
            parts.add("enabled: " + o.enabled());
        }
        if (o.threshold() != null) {
            parts.add("threshold: " + o.threshold());
        }
        if (o.minMessages() != null) {
            parts.add("minMessages: " + o.minMessages());
        }
        if (o.ratio() != null) {
            parts.add("ratio: " + o.ratio());
        }
        if (o.after() != null) {
            parts.add("after: " + dur(o.after()));
        }
        return "{ " + String.join(", ", parts) + " }";
    }

    private void basic(int depth, CpimonConfig.BasicAuthConfig b) {
        line(depth, "user: " + str(b.user()));
        line(depth, "password: " + secret(b.password()));
    }

    private void list(int depth, String key, Collection<?> items) {
        line(depth, key + ":" + (items.isEmpty() ? " []" : ""));
    }

    private void map(int depth, String key, Map<String, String> values) {
        if (values.isEmpty()) {
            line(depth, key + ": {}");
            return;
        }
        line(depth, key + ":");
        for (var e : values.entrySet()) {
            line(depth + 1, str(e.getKey()) + ": " + str(e.getValue()));
        }
    }

    /** The first line of a list element: "- key: value" */
    private void item(int depth, String text) {
        out.append("  ".repeat(depth - 1)).append("  - ").append(text).append('\n');
    }

    private void line(int depth, String text) {
        out.append("  ".repeat(depth)).append(text).append('\n');
    }

    /** A JDBC URL may carry {@code password=…} among its parameters. */
    static String maskJdbcPassword(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1<secret>");
    }

    private static String secret(Secret s) {
        return s == null ? "null" : "<secret>  # " + s.source();
    }

    private static String dur(Duration d) {
        return Durations.format(d);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static String flow(Collection<?> values) {
        StringBuilder s = new StringBuilder("[");
        for (Object v : values) {
            if (s.length() > 1) {
                s.append(", ");
            }
            s.append(v instanceof String text ? str(text) : String.valueOf(v));
        }
        return s.append(']').toString();
    }

    /** A YAML scalar: plain when that reads back as the same string, double-quoted otherwise. */
    static String str(String v) {
        if (v == null) {
            return "null";
        }
        if (PLAIN.matcher(v).matches() && !v.endsWith(" ") && !v.contains(": ") && !v.contains(" #")
                && !LOOKS_TYPED.matcher(v).matches()) {
            return v;
        }
        StringBuilder s = new StringBuilder("\"");
        for (char ch : v.toCharArray()) {
            switch (ch) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                case '\r' -> s.append("\\r");
                default -> {
                    if (ch < 0x20) {
                        s.append(String.format("\\x%02x", (int) ch));
                    } else {
                        s.append(ch);
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}
