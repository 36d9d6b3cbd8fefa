package io.cpimon.api.routes;

import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.cpimon.config.CpimonConfig;
import io.cpimon.config.Durations;
import io.cpimon.config.InhibitConfig;
import io.cpimon.config.LabelMatcher;
import io.cpimon.config.RulesConfig;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/rules}: the effective rules with their parameters and overrides, the evaluation interval and the
 * inhibit rules, from the configuration. Stateless; handlers never block.
 */
public final class RuleRoutes implements ApiRoutes {
    private final Supplier<CpimonConfig> config;

    public RuleRoutes(CpimonConfig config) {
        this(() -> config);
    }

    /** @param config the configuration in force, asked at every request (a reload swaps it) */
    public RuleRoutes(Supplier<CpimonConfig> config) {
        this.config = config;
    }

    @Override
    public void mount(Router router, Endpoints endpoints) {
        router.get("/api/v1/rules").handler(ctx -> endpoints.respond(ctx, this::rules));
    }

    private Map<String, Object> rules() {
        RulesConfig r = config.get().rules();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("evaluationInterval", Durations.format(r.evaluationInterval()));
        List<Map<String, Object>> list = new ArrayList<>();
        r.params().forEach((definition, params) -> {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("name", definition.name());
            rule.putAll(params.describe());
            list.add(rule);
        });
        out.put("rules", list);
        List<Map<String, Object>> inhibit = new ArrayList<>();
        for (InhibitConfig i : r.inhibit()) {
            inhibit.add(Map.of("source", i.source().stream().map(LabelMatcher::toString).toList(),
                    "target", i.target().stream().map(LabelMatcher::toString).toList(), "equal", i.equal()));
        }
        out.put("inhibit", inhibit);
        return out;
    }
}
