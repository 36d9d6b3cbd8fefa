package io.cpimon.alerting.rules;

import io.cpimon.config.CpimonConfig;
import io.cpimon.config.CpimonConfig.PairConfig;
import io.cpimon.config.CpimonConfig.PairMode;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertStore;
import io.cpimon.db.ProbeResult;
import io.cpimon.db.ProbeStore;
import io.cpimon.db.RuleQueries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code failover}, per pair: the pair's traffic moved from the primary to the DR tenant. Judged from the
 * probes (tenant_down's k of n) and the DR share of the pair's ended messages over {@code window}: it starts when
 * the primary is down while the DR tenant is up and processes, or when the DR share reaches {@code enterShare} (at
 * least {@code minMessages}); once on, it holds while the primary is down or while there is too little traffic to
 * tell. Then it ends when the primary serves again: in an active-passive pair when the DR share falls below
 * {@code exitShare} (hysteresis); in an active-active pair, where a share near one half is normal and no share
 * threshold can tell a failover from ordinary traffic, as soon as the primary takes its share again (the DR share
 * is below {@code enterShare}).
 */
public final class FailoverRule extends BasicRule {
    public static final String NAME = "failover";
    /** The rule's one definition: its parameters, their defaults and binding, its factory. */
    public static final RuleKind<FailoverConfig> DEFINITION = new RuleKind<>(
            NAME, FailoverConfig.class, FailoverConfig.DEFAULTS, FailoverConfig::bind,
            Set.of(RuleContext.Source.QUERIES), c -> new FailoverRule(c.config(), c.queries(), c.probes(), c.alerts()));

    private final CpimonConfig config;
    private final FailoverConfig params;
    private final RuleQueries queries;
    private final ProbeStore probes;
    private final AlertStore alerts;

    public FailoverRule(CpimonConfig config, RuleQueries queries, ProbeStore probes, AlertStore alerts) {
        super(NAME, config.rules().get(DEFINITION).basics());
        this.config = config;
        this.params = config.rules().get(DEFINITION);
        this.queries = queries;
        this.probes = probes;
        this.alerts = alerts;
    }

    /** What the judgement of one pair sees. */
    record PairState(boolean inFailover, long primaryEnded, long drEnded, boolean primaryDown, boolean drDown,
                     PairMode mode) {
        double drShare() {
            long total = primaryEnded + drEnded;
            return total == 0 ? 0 : (double) drEnded / total;
        }
    }

    @Override
    public List<AlertInstance> evaluate(Instant now) {
        if (config.pairs().isEmpty()) {
            return List.of();
        }
        Map<String, Long> ended = new HashMap<>();
        for (RuleQueries.EndedCount c : queries.endedCounts(now.minus(params.window()), now)) {
            ended.merge(c.tenantId(), c.ended(), Long::sum);
        }
        Set<String> open = alerts.openAlerts().stream().filter(a -> a.rule().equals(NAME))
                .map(a -> a.labels().get("pair")).collect(Collectors.toSet());
        TenantDownConfig down = config.rules().get(TenantDownRule.DEFINITION);
        Map<String, List<ProbeResult>> probed = probes.lastNPerTenant(down.window());
        List<AlertInstance> out = new ArrayList<>();
        for (PairConfig p : config.pairs()) {
            PairState s = new PairState(open.contains(p.id()), ended.getOrDefault(p.primary(), 0L),
                    ended.getOrDefault(p.dr(), 0L), TenantDownRule.isDown(probed.getOrDefault(p.primary(), List.of()), down.failures()),
                    TenantDownRule.isDown(probed.getOrDefault(p.dr(), List.of()), down.failures()), p.mode());
            if (inFailover(s, params)) {
                String share = String.format(Locale.ROOT, "%.0f%%", 100 * s.drShare());
                out.add(new AlertInstance(labels("pair", p.id()), annotations(
                        "summary", "Pair " + p.id() + " failed over from " + p.primary() + " to " + p.dr(),
                        "description", (s.primaryDown() ? p.primary() + " is down; " : "") + p.dr() + " processed " + share
                                + " of the pair's " + (s.primaryEnded() + s.drEnded()) + " messages in the last "
                                + params.window().toMinutes() + " min",
                        "primary", p.primary(), "dr", p.dr(), "activeTenant", p.dr(), "drShare", share)));
            }
        }
        return out;
    }

    static boolean inFailover(PairState s, FailoverConfig p) {
        long total = s.primaryEnded() + s.drEnded();
        if (!s.inFailover()) {
            if (s.drDown()) {
                return false;
            }
            if (s.primaryDown() && s.drEnded() > 0) {
                return true;
            }
            return total >= p.minMessages() && s.drShare() >= p.enterShare();
        }
        if (s.primaryDown() || total < p.minMessages()) {
            return true;
        }
        if (s.mode() == PairMode.ACTIVE_ACTIVE) {
            return s.drShare() >= p.enterShare();
        }
        return s.drShare() >= p.exitShare();
    }

    /** The open failover alert of a pair, if any. */
    static boolean openFor(List<Alert> open, String pair) {
        return open.stream().anyMatch(a -> a.rule().equals(NAME) && pair.equals(a.labels().get("pair")));
    }
}
