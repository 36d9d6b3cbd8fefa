package io.cpimon.alerting.rules;

import io.cpimon.config.CpimonConfig;
import io.cpimon.config.RuleOverrideConfig;
import io.cpimon.db.PollCursor;
import io.cpimon.db.PollCursorStore;
import io.cpimon.db.RuleQueries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code throughput_drop}: ended messages of a tenant over {@code window} fall below {@code ratio} × the
 * baseline, the mean count of the same window on the last {@code days} days that had traffic, when that
 * baseline is at least {@code minBaseline}. With {@code silence}, an iFlow with such a baseline and no message
 * in the window is reported too (label {@code iflow}). A tenant whose poller has not succeeded within the
 * window is not judged (no data is not no traffic: that is {@code api_unreachable}).
 */
public final class ThroughputDropRule extends BasicRule {
    public static final String NAME = "throughput_drop";
    /** The rule's one definition: its parameters, their defaults and binding, its factory. */
    public static final RuleKind<ThroughputDropConfig> DEFINITION = new RuleKind<>(
            NAME, ThroughputDropConfig.class, ThroughputDropConfig.DEFAULTS, ThroughputDropConfig::bind,
            Set.of(RuleContext.Source.QUERIES, RuleContext.Source.CURSORS),
            c -> new ThroughputDropRule(c.config(), c.queries(), c.cursors()));

    private final CpimonConfig config;
    private final ThroughputDropConfig params;
    private final RuleQueries queries;
    private final PollCursorStore cursors;

    public ThroughputDropRule(CpimonConfig config, RuleQueries queries, PollCursorStore cursors) {
        super(NAME, config.rules().get(DEFINITION).basics());
        this.config = config;
        this.params = config.rules().get(DEFINITION);
        this.queries = queries;
        this.cursors = cursors;
    }

    /** Baseline per key: the counts of each day back (index 0 = 1 day ago). */
    private record Key(String tenant, String iflow) {}

    @Override
    public List<AlertInstance> evaluate(Instant now) {
        Instant from = now.minus(params.window());
        Map<Key, Long> current = new HashMap<>();
        for (RuleQueries.EndedCount c : queries.endedCounts(from, now)) {
            current.merge(new Key(c.tenantId(), null), c.ended(), Long::sum);
            current.merge(new Key(c.tenantId(), c.iflow()), c.ended(), Long::sum);
        }
        Map<Key, long[]> baseline = new LinkedHashMap<>();
        for (RuleQueries.DayCount d : queries.baselineCounts(from, now, params.days())) {
            baseline.computeIfAbsent(new Key(d.tenantId(), null), k -> new long[params.days()])[d.daysAgo() - 1] += d.ended();
            if (d.iflow() != null) {
                baseline.computeIfAbsent(new Key(d.tenantId(), d.iflow()), k -> new long[params.days()])[d.daysAgo() - 1] += d.ended();
            }
        }
        Map<String, Instant> lastSuccess = new HashMap<>();
        for (PollCursor c : cursors.all()) {
            if (c.stream().equals(ApiUnreachableRule.STREAM) && c.lastSuccess() != null) {
                lastSuccess.put(c.tenantId(), c.lastSuccess());
            }
        }
        List<AlertInstance> out = new ArrayList<>();
        for (Map.Entry<Key, long[]> e : baseline.entrySet()) {
            Key k = e.getKey();
            Instant success = lastSuccess.get(k.tenant());
            if (config.tenant(k.tenant()).isEmpty() || success == null || success.isBefore(from)) {
                continue;
            }
            RuleOverrideConfig o = Overrides.resolve(params.overrides(), k.tenant(), k.iflow());
            if (!Overrides.enabled(o) || (k.iflow() != null && !params.silence())) {
                continue;
            }
            double ratio = o.ratio() != null ? o.ratio() : params.ratio();
            long now_ = current.getOrDefault(k, 0L);
            double mean = mean(e.getValue());
            boolean fires = k.iflow() == null ? drops(now_, e.getValue(), ratio, params.minBaseline())
                    : silent(now_, e.getValue(), params.minBaseline());
            if (!fires) {
                continue;
            }
            String base = String.format(Locale.ROOT, "%.1f", mean);
            String minutes = params.window().toMinutes() + " min";
            out.add(new AlertInstance(labels("tenant", k.tenant(), "iflow", k.iflow()), k.iflow() == null
                    ? annotations("summary", "Throughput of " + k.tenant() + " dropped to " + now_ + " messages in " + minutes,
                            "description", now_ + " messages ended in the last " + minutes + " against a baseline of " + base
                                    + " (mean of the same window over the last " + params.days() + " days with traffic)",
                            "current", Long.toString(now_), "baseline", base)
                    : annotations("summary", "iFlow " + k.iflow() + " on " + k.tenant() + " has gone silent",
                            "description", "no message ended in the last " + minutes + "; usually " + base,
                            "current", "0", "baseline", base)));
        }
        return out;
    }

    /** Mean over the days that had traffic; 0 when none had. */
    static double mean(long[] perDay) {
        long sum = 0;
        int days = 0;
        for (long n : perDay) {
            if (n > 0) {
                sum += n;
                days++;
            }
        }
        return days == 0 ? 0 : (double) sum / days;
    }

    static boolean drops(long current, long[] perDay, double ratio, int minBaseline) {
        double mean = mean(perDay);
        return mean >= minBaseline && current < ratio * mean;
    }

    static boolean silent(long current, long[] perDay, int minBaseline) {
        return current == 0 && mean(perDay) >= minBaseline;
    }
}
