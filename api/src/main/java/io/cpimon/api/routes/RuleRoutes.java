package io.cpimon.api.routes;

import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.cpimon.config.CpimonConfig;
import io.cpimon.config.Durations;
import io.cpimon.config.LabelMatcher;
import io.vertx.ext.web.Router;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/rules}: the effective rules with their parameters and overrides, the evaluation interval and the
 * inhibit rules, from the configuration. Stateless; handlers never block.
 */
public final class RuleRoutes implements ApiRoutes {
    private final CpimonConfig config;

    public RuleRoutes(CpimonConfig config) {
        this.config = config;
    }

    @Override
    public void mount(Router router, Endpoints endpoints) {
        router.get("/api/v1/rules").handler(ctx -> endpoints.respond(ctx, this::rules));
    }

    private Map<String, Object> rules() {
        CpimonConfig.RulesConfig r = config.rules();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("evaluationInterval", Durations.format(r.evaluationInterval()));
        List<Map<String, Object>> list = new ArrayList<>();
        String[] names = {"tenant_down", "api_unreachable", "auth_failed", "success_rate_drop", "throughput_drop",
                "failed_messages", "stuck_messages", "iflow_error", "cert_expiry", "failover", "failback",
                "duplicate_processing", "dr_drift"};
        Object[] params = {r.tenantDown(), r.apiUnreachable(), r.authFailed(), r.successRateDrop(), r.throughputDrop(),
                r.failedMessages(), r.stuckMessages(), r.iflowError(), r.certExpiry(), r.failover(), r.failback(),
                r.duplicateProcessing(), r.drDrift()};
        for (int i = 0; i < names.length; i++) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("name", names[i]);
            rule.putAll(plain(params[i]));
            list.add(rule);
        }
        out.put("rules", list);
        List<Map<String, Object>> inhibit = new ArrayList<>();
        for (CpimonConfig.InhibitRule i : r.inhibit()) {
            inhibit.add(Map.of("source", i.source().stream().map(LabelMatcher::toString).toList(),
                    "target", i.target().stream().map(LabelMatcher::toString).toList(), "equal", i.equal()));
        }
        out.put("inhibit", inhibit);
        return out;
    }

    /** A config record as plain JSON values: durations as "15m", nested {@code basics} flattened, nulls left out. */
    static Map<String, Object> plain(Object record) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (v instanceof CpimonConfig.RuleBasics b) {
                out.putAll(plain(b));
            } else if (v instanceof Duration d) {
                out.put(c.getName().equals("forDuration") ? "for" : c.getName(), Durations.format(d));
            } else if (v instanceof List<?> l) {
                List<Object> items = new ArrayList<>();
                for (Object item : l) {
                    items.add(item instanceof Record rec ? plain(rec) : item);
                }
                out.put(c.getName(), items);
            } else if (v != null) {
                out.put(c.getName(), v);
            }
        }
        return out;
    }
}
