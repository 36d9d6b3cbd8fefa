package io.cpimon.alerting.rules;

import io.cpimon.config.CpimonConfig;
import io.cpimon.db.ProbeResult;
import io.cpimon.db.ProbeStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code tenant_down}: at least {@code failures} of the last {@code window} probes of a tenant failed
 * (default 2 of 2, like a global load balancer's health probe). A tenant with fewer than {@code window}
 * results is judged on what it has only once it has {@code failures} of them.
 */
public final class TenantDownRule implements Rule {
    public static final String NAME = "tenant_down";
    /** The rule's one definition: its parameters, their defaults and binding, its factory. */
    public static final RuleKind<TenantDownConfig> DEFINITION = new RuleKind<>(
            NAME, TenantDownConfig.class, TenantDownConfig.DEFAULTS, TenantDownConfig::bind,
            Set.of(), c -> new TenantDownRule(c.config(), c.probes()));

    private final CpimonConfig config;
    private final TenantDownConfig params;
    private final ProbeStore probes;

    public TenantDownRule(CpimonConfig config, ProbeStore probes) {
        this.config = config;
        this.params = config.rules().get(DEFINITION);
        this.probes = probes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration forDuration() {
        return params.forDuration();
    }

    @Override
    public Duration keepFiringFor() {
        return params.keepFiringFor();
    }

    @Override
    public List<AlertInstance> evaluate(Instant now) {
        List<AlertInstance> active = new ArrayList<>();
        Map<String, List<ProbeResult>> lastByTenant = probes.lastNPerTenant(params.window());
        for (CpimonConfig.TenantConfig tenant : config.tenants()) {
            List<ProbeResult> last = lastByTenant.getOrDefault(tenant.id(), List.of());
            if (!isDown(last, params.failures())) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("rule", NAME);
            labels.put("tenant", tenant.id());
            config.pairOf(tenant.id()).ifPresent(p -> labels.put("pair", p.id()));
            labels.put("severity", params.severity());
            ProbeResult newest = last.get(0);
            long failed = last.stream().filter(r -> !r.up()).count();
            Map<String, String> annotations = new LinkedHashMap<>();
            annotations.put("summary", "Tenant " + tenant.name() + " (" + tenant.id() + ") is down");
            annotations.put("description", failed + " of the last " + last.size() + " probes of "
                    + tenant.probe().url() + " failed; last: " + (newest.error() == null ? "HTTP " + newest.statusCode() : newest.error()));
            annotations.put("probeUrl", tenant.probe().url().toString());
            active.add(new AlertInstance(labels, annotations));
        }
        return active;
    }

    /** @param newestFirst the last probe results, newest first */
    static boolean isDown(List<ProbeResult> newestFirst, int failures) {
        if (newestFirst.size() < failures) {
            return false;
        }
        return newestFirst.stream().filter(r -> !r.up()).count() >= failures;
    }
}
