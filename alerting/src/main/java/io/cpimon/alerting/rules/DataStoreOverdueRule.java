package io.cpimon.alerting.rules;

import io.cpimon.config.CpimonConfig;
import io.cpimon.db.DataStoreRow;
import io.cpimon.db.RuleQueries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code datastore_overdue}, per tenant, data store and iFlow: the store holds at least {@code minOverdue} entries
 * past their retention threshold (docs/cpi-api.md §11), entries no consumer read in time. Labels tenant, datastore,
 * iflow (empty for a global store). Reads the counts only, never an entry.
 */
public final class DataStoreOverdueRule extends BasicRule {
    public static final String NAME = "datastore_overdue";
    /** The rule's one definition: its parameters, their defaults and binding, its factory. */
    public static final RuleKind<DataStoreOverdueConfig> DEFINITION = new RuleKind<>(
            NAME, DataStoreOverdueConfig.class, DataStoreOverdueConfig.DEFAULTS, DataStoreOverdueConfig::bind,
            Set.of(RuleContext.Source.QUERIES), c -> new DataStoreOverdueRule(c.config(), c.queries()));

    private final CpimonConfig config;
    private final RuleQueries queries;
    private final DataStoreOverdueConfig params;

    public DataStoreOverdueRule(CpimonConfig config, RuleQueries queries) {
        super(NAME, config.rules().get(DEFINITION).basics());
        this.config = config;
        this.queries = queries;
        this.params = config.rules().get(DEFINITION);
    }

    @Override
    public List<AlertInstance> evaluate(Instant now) {
        List<AlertInstance> out = new ArrayList<>();
        for (DataStoreRow d : queries.content().dataStores()) {
            if (config.tenant(d.tenantId()).isEmpty() || !overdue(d.overdue(), params.minOverdue())) {
                continue;
            }
            String where = d.iflow().isEmpty() ? "global data store " + d.name()
                    : "data store " + d.name() + " of " + d.iflow();
            out.add(new AlertInstance(labels("tenant", d.tenantId(), "datastore", d.name(), "iflow", d.iflow()),
                    annotations(
                            "summary", d.overdue() + " overdue " + (d.overdue() == 1 ? "entry" : "entries") + " in "
                                    + where + " on " + d.tenantId(),
                            "description", d.overdue() + " of " + d.messages() + " entries in " + where
                                    + " are overdue: they were not fetched in time by the consumer that should read"
                                    + " them (read " + d.readAt() + ")")));
        }
        return out;
    }

    /** True when a store with {@code overdue} overdue entries fires at threshold {@code minOverdue}. */
    static boolean overdue(long overdue, int minOverdue) {
        return overdue >= minOverdue;
    }
}
