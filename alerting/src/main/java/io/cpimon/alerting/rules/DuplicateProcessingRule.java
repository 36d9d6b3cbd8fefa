package io.cpimon.alerting.rules;

import io.cpimon.config.CpimonConfig;
import io.cpimon.config.CpimonConfig.PairConfig;
import io.cpimon.db.RuleQueries;
import io.cpimon.db.RuleQueries.Duplicate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code duplicate_processing}, per pair and iFlow: one business key (the pair's {@code businessKey}, stored by
 * ingest as {@code mpl.business_key}) ended COMPLETED on both tenants within the pair's {@code duplicateWindow}.
 * Annotations: {@code keys} (comma-separated, at most {@code maxListed}), {@code count}, and {@code messages}
 * ({@code key: primaryGuid / drGuid}, one per line).
 */
public final class DuplicateProcessingRule extends BasicRule {
    public static final String NAME = "duplicate_processing";
    /** The rule's one definition: its parameters, their defaults and binding, its factory. */
    public static final RuleKind<DuplicateProcessingConfig> DEFINITION = new RuleKind<>(
            NAME, DuplicateProcessingConfig.class, DuplicateProcessingConfig.DEFAULTS, DuplicateProcessingConfig::bind,
            Set.of(RuleContext.Source.QUERIES), c -> new DuplicateProcessingRule(c.config(), c.queries()));
    static final int LIMIT = 10_000;

    private final CpimonConfig config;
    private final RuleQueries queries;
    private final int maxListed;

    public DuplicateProcessingRule(CpimonConfig config, RuleQueries queries) {
        super(NAME, config.rules().get(DEFINITION).basics());
        this.config = config;
        this.queries = queries;
        this.maxListed = config.rules().get(DEFINITION).maxListed();
    }

    /**
     * Incremental: the first evaluation reads the pair's whole duplicateWindow; later ones only the primary's messages
     * that ended after the previous evaluation minus {@link #LOOKBACK} (covers late-visible MPLs and poller lag);
     * what was found stays known until it leaves the window. Confined to the evaluator's thread.
     */
    static final Duration LOOKBACK = Duration.ofHours(1);
    private final Map<String, Map<String, Duplicate>> known = new HashMap<>();
    private final Map<String, Instant> lastEvaluated = new HashMap<>();

    /** Every pair's duplicates now: one query for all pairs (and both directions after the first evaluation). */
    private Map<String, List<Duplicate>> duplicates(Instant now) {
        List<RuleQueries.DuplicateScan> scans = new ArrayList<>();
        List<PairConfig> scanPair = new ArrayList<>();
        List<Boolean> swapped = new ArrayList<>();
        for (PairConfig p : config.pairs()) {
            Instant windowStart = now.minus(p.duplicateWindow());
            Instant last = lastEvaluated.get(p.id());
            Instant since = last == null || last.minus(LOOKBACK).isBefore(windowStart) ? windowStart : last.minus(LOOKBACK);
            Map<String, Duplicate> known = this.known.computeIfAbsent(p.id(), k -> new TreeMap<>());
            if (since.equals(windowStart)) {
                known.clear();
            } else {
                // a DR message that ended recently whose primary twin ended before the lookback
                scans.add(new RuleQueries.DuplicateScan(p.dr(), p.primary(), since, p.duplicateWindow()));
                scanPair.add(p);
                swapped.add(true);
            }
            scans.add(new RuleQueries.DuplicateScan(p.primary(), p.dr(), since, p.duplicateWindow()));
            scanPair.add(p);
            swapped.add(false);
        }
        for (RuleQueries.ScannedDuplicate s : queries.duplicates(scans, LIMIT)) {
            Duplicate r = s.duplicate();
            Duplicate d = swapped.get(s.scan())
                    ? new Duplicate(r.businessKey(), r.iflow(), r.drGuid(), r.drEnd(), r.primaryGuid(), r.primaryEnd()) : r;
            known.get(scanPair.get(s.scan()).id())
                    .putIfAbsent(d.businessKey() + "\u0000" + d.primaryGuid() + "\u0000" + d.drGuid(), d);
        }
        Map<String, List<Duplicate>> out = new LinkedHashMap<>();
        for (PairConfig p : config.pairs()) {
            Instant windowStart = now.minus(p.duplicateWindow());
            Map<String, Duplicate> known = this.known.get(p.id());
            known.values().removeIf(d -> d.primaryEnd() == null || !d.primaryEnd().isAfter(windowStart));
            lastEvaluated.put(p.id(), now);
            out.put(p.id(), new ArrayList<>(known.values()));
        }
        return out;
    }

    @Override
    public List<AlertInstance> evaluate(Instant now) {
        List<AlertInstance> out = new ArrayList<>();
        Map<String, List<Duplicate>> all = config.pairs().isEmpty() ? Map.of() : duplicates(now);
        for (PairConfig p : config.pairs()) {
            List<Duplicate> found = all.get(p.id());
            group(found).forEach((iflow, dups) -> {
                Set<String> keys = new LinkedHashSet<>();
                StringBuilder messages = new StringBuilder();
                for (Duplicate d : dups) {
                    if (keys.add(d.businessKey()) && keys.size() <= maxListed) {
                        messages.append(d.businessKey()).append(": ").append(d.primaryGuid()).append(" (").append(p.primary())
                                .append(") / ").append(d.drGuid()).append(" (").append(p.dr()).append(")\n");
                    }
                }
                List<String> listed = keys.stream().limit(maxListed).toList();
                out.add(new AlertInstance(labels("pair", p.id(), "iflow", iflow), annotations(
                        "summary", keys.size() + " business key" + (keys.size() == 1 ? "" : "s") + " of " + iflow
                                + " processed on both " + p.primary() + " and " + p.dr(),
                        "description", "COMPLETED on both tenants of pair " + p.id() + " within " + p.duplicateWindow().toHours()
                                + " h (" + p.businessKey() + "): " + String.join(", ", listed)
                                + (keys.size() > listed.size() ? " and " + (keys.size() - listed.size()) + " more" : ""),
                        "keys", String.join(",", listed),
                        "count", Integer.toString(keys.size()),
                        "messages", messages.toString().strip())));
            });
        }
        return out;
    }

    /** Duplicates per iFlow (null iFlow as "(unknown)"), in key order. */
    static Map<String, List<Duplicate>> group(List<Duplicate> found) {
        Map<String, List<Duplicate>> byIflow = new LinkedHashMap<>();
        for (Duplicate d : found) {
            byIflow.computeIfAbsent(d.iflow() == null ? "(unknown)" : d.iflow(), k -> new ArrayList<>()).add(d);
        }
        return byIflow;
    }
}
