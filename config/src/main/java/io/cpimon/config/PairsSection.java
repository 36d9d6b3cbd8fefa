package io.cpimon.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code pairs} section: primary/DR pairs of known tenants, a tenant in at most one pair. Stateless. */
final class PairsSection {
    private PairsSection() {}

    static List<CpimonConfig.PairConfig> bind(List<ConfigMap> pairs, Set<String> tenants) {
        List<CpimonConfig.PairConfig> out = new ArrayList<>();
        Map<String, String> pairOfTenant = new LinkedHashMap<>();
        Set<String> pairIds = new LinkedHashSet<>();
        for (ConfigMap p : pairs) {
            out.add(pair(p, tenants, pairOfTenant, pairIds));
        }
        return List.copyOf(out);
    }

    private static CpimonConfig.PairConfig pair(ConfigMap p, Set<String> tenants, Map<String, String> pairOfTenant,
                                                Set<String> pairIds) {
        ConfigMap.Text idText = p.text("id", true);
        String id = idText == null ? null : idText.value();
        if (idText != null && p.checkId(idText, "pair") && !pairIds.add(id)) {
            p.error(idText, "duplicate pair id '" + id + "'");
        }
        ConfigMap.Text primary = p.text("primary", true);
        ConfigMap.Text dr = p.text("dr", true);
        for (ConfigMap.Text ref : new ConfigMap.Text[] {primary, dr}) {
            if (ref == null) {
                continue;
            }
            if (!tenants.contains(ref.value())) {
                p.error(ref, "unknown tenant " + ref.shown() + ConfigReader.listOf(" (tenants: ", tenants, ")"));
            } else if (ref == dr && primary != null && primary.value().equals(dr.value())) {
                p.error(ref, "must be a different tenant than primary");
            } else if (pairOfTenant.containsKey(ref.value())) {
                p.error(ref, "tenant '" + ref.value() + "' is already in pair '" + pairOfTenant.get(ref.value())
                        + "'; a tenant belongs to at most one pair");
            } else {
                pairOfTenant.put(ref.value(), id);
            }
        }
        CpimonConfig.PairMode mode = p.choice("mode", Map.of(
                "active-active", CpimonConfig.PairMode.ACTIVE_ACTIVE,
                "active-passive", CpimonConfig.PairMode.ACTIVE_PASSIVE), ConfigDefaults.PAIR_MODE, false);
        String businessKey = p.string("businessKey", ConfigDefaults.BUSINESS_KEY);
        Duration duplicateWindow = p.duration("duplicateWindow", ConfigDefaults.DUPLICATE_WINDOW, true);
        ConfigMap a = p.optional("action");
        ActionConfig action = a == null ? null : action(a);
        p.done();
        return new CpimonConfig.PairConfig(id, primary == null ? null : primary.value(),
                dr == null ? null : dr.value(), mode, businessKey, duplicateWindow, action);
    }

    private static ActionConfig action(ConfigMap a) {
        ActionConfig.Mode mode = a.choice("mode", Map.of("dry-run", ActionConfig.Mode.DRY_RUN,
                "live", ActionConfig.Mode.LIVE), ActionConfig.Mode.DRY_RUN, false);
        boolean approval = a.bool("approval", false);
        int failures = a.integer("failures", ConfigDefaults.ACTION_FAILURES, 1, 1000);
        Duration window = a.duration("window", ConfigDefaults.ACTION_WINDOW, true);
        Duration recheckAfter = a.duration("recheckAfter", ConfigDefaults.ACTION_RECHECK, true);
        Duration failbackAfter = a.duration("failbackAfter", ConfigDefaults.ACTION_FAILBACK_AFTER, true);
        Duration approvalTimeout = a.duration("approvalTimeout", ConfigDefaults.ACTION_APPROVAL_TIMEOUT, true);
        int retries = a.integer("retries", ConfigDefaults.ACTION_RETRIES, 0, 20);
        Duration retryAfter = a.duration("retryAfter", ConfigDefaults.ACTION_RETRY_AFTER, true);
        Duration timeout = a.duration("timeout", ConfigDefaults.ACTION_TIMEOUT, true);
        ConfigMap over = a.required("failover");
        ActionConfig.CallConfig failover = over == null ? null : call(over);
        ConfigMap back = a.optional("failback");
        ActionConfig.CallConfig failback = back == null ? null : call(back);
        a.done();
        return new ActionConfig(mode, approval, failures, window, recheckAfter, failbackAfter, approvalTimeout,
                retries, retryAfter, timeout, failover, failback);
    }

    private static ActionConfig.CallConfig call(ConfigMap c) {
        String method = c.choice("method", Map.of("POST", "POST", "PUT", "PUT", "PATCH", "PATCH", "GET", "GET",
                "DELETE", "DELETE"), "POST", false);
        Secret url = c.secretUrl("url");
        Map<String, Secret> headers = c.secretMap("headers");
        ConfigMap.Text body = c.text("body", false);
        if (body != null) {
            String problem = ActionConfig.templateProblem(body.value());
            if (problem != null) {
                c.error(body, problem);
            }
        }
        c.done();
        return new ActionConfig.CallConfig(method, url, headers, body == null ? null : body.value());
    }

    static void print(List<CpimonConfig.PairConfig> pairs, YamlWriter out) {
        out.list(0, "pairs", pairs);
        for (var p : pairs) {
            out.item(1, "id: " + YamlWriter.str(p.id()));
            out.line(2, "primary: " + YamlWriter.str(p.primary()));
            out.line(2, "dr: " + YamlWriter.str(p.dr()));
            out.line(2, "mode: " + YamlWriter.lower(p.mode()).replace('_', '-'));
            out.line(2, "businessKey: " + YamlWriter.str(p.businessKey()));
            out.line(2, "duplicateWindow: " + YamlWriter.dur(p.duplicateWindow()));
            if (p.action() != null) {
                printAction(p.action(), out);
            }
        }
    }

    private static void printAction(ActionConfig a, YamlWriter out) {
        out.line(2, "action:");
        out.line(3, "mode: " + a.mode().wire());
        out.line(3, "approval: " + a.approval());
        out.line(3, "failures: " + a.failures());
        out.line(3, "window: " + YamlWriter.dur(a.window()));
        out.line(3, "recheckAfter: " + YamlWriter.dur(a.recheckAfter()));
        out.line(3, "failbackAfter: " + YamlWriter.dur(a.failbackAfter()));
        out.line(3, "approvalTimeout: " + YamlWriter.dur(a.approvalTimeout()));
        out.line(3, "retries: " + a.retries());
        out.line(3, "retryAfter: " + YamlWriter.dur(a.retryAfter()));
        out.line(3, "timeout: " + YamlWriter.dur(a.timeout()));
        printCall("failover", a.failover(), out);
        if (a.failback() != null) {
            printCall("failback", a.failback(), out);
        }
    }

    private static void printCall(String key, ActionConfig.CallConfig c, YamlWriter out) {
        out.line(3, key + ":");
        out.line(4, "method: " + c.method());
        out.line(4, "url: " + YamlWriter.secret(c.url()));
        if (c.headers().isEmpty()) {
            out.line(4, "headers: {}");
        } else {
            out.line(4, "headers:");
            for (var h : c.headers().entrySet()) {
                out.line(5, YamlWriter.str(h.getKey()) + ": " + YamlWriter.secret(h.getValue()));
            }
        }
        out.line(4, "body: " + YamlWriter.str(c.body()));
    }
}
