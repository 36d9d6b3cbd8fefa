package io.cpimon.alerting;

import io.cpimon.config.CpimonConfig;
import io.cpimon.config.CpimonConfig.PairConfig;
import io.cpimon.db.RuleQueries;
import io.cpimon.db.RuleQueries.Duplicate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code duplicate_processing}, per pair and iFlow: one business key (the pair's {@code businessKey}, stored by
 * ingest as {@code mpl.business_key}) ended COMPLETED on both tenants within the pair's {@code duplicateWindow}.
 * Annotations: {@code keys} (comma-separated, at most {@code maxListed}), {@code count}, and {@code messages}
 * ({@code key: primaryGuid / drGuid}, one per line).
 */
public final class DuplicateProcessingRule extends BasicRule {
    public static final String NAME = "duplicate_processing";
    static final int LIMIT = 10_000;

    private final CpimonConfig config;
    private final RuleQueries queries;
    private final int maxListed;

    public DuplicateProcessingRule(CpimonConfig config, RuleQueries queries) {
        super(NAME, config.rules().duplicateProcessing().basics());
        this.config = config;
        this.queries = queries;
        this.maxListed = config.rules().duplicateProcessing().maxListed();
    }

    @Override
    public List<AlertInstance> evaluate(Instant now) {
        List<AlertInstance> out = new ArrayList<>();
        for (PairConfig p : config.pairs()) {
            List<Duplicate> found = queries.duplicates(p.primary(), p.dr(), now.minus(p.duplicateWindow()), p.duplicateWindow(), LIMIT);
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
