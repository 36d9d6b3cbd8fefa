package io.cpimon.alerting.rules;

import io.cpimon.config.CpimonConfig;
import io.cpimon.db.JmsBrokerRow;
import io.cpimon.db.RuleQueries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code jms_capacity}, per tenant and condition: the tenant's JMS broker (docs/cpi-api.md §10) is near its capacity
 * or its queue limit, has queues in warning or error state, or reports too many consumers, producers or transacted
 * sessions. Labels tenant, condition ({@code capacity}, {@code queues}, {@code queue_state}, {@code consumers},
 * {@code producers}, {@code transacted_sessions}).
 */
public final class JmsCapacityRule extends BasicRule {
    public static final String NAME = "jms_capacity";
    /** The rule's one definition: its parameters, their defaults and binding, its factory. */
    public static final RuleKind<JmsCapacityConfig> DEFINITION = new RuleKind<>(
            NAME, JmsCapacityConfig.class, JmsCapacityConfig.DEFAULTS, JmsCapacityConfig::bind,
            Set.of(RuleContext.Source.QUERIES), c -> new JmsCapacityRule(c.config(), c.queries()));

    private final CpimonConfig config;
    private final RuleQueries queries;
    private final JmsCapacityConfig params;

    public JmsCapacityRule(CpimonConfig config, RuleQueries queries) {
        super(NAME, config.rules().get(DEFINITION).basics());
        this.config = config;
        this.queries = queries;
        this.params = config.rules().get(DEFINITION);
    }

    /** One condition that holds: its label value and the sentence for the operator. */
    record Condition(String name, String text) {}

    @Override
    public List<AlertInstance> evaluate(Instant now) {
        List<AlertInstance> out = new ArrayList<>();
        for (JmsBrokerRow b : queries.content().brokers()) {
            if (config.tenant(b.tenantId()).isEmpty()) {
                continue;
            }
            for (Condition c : conditions(b, params.capacityRatio(), params.queueRatio())) {
                out.add(new AlertInstance(labels("tenant", b.tenantId(), "condition", c.name()), annotations(
                        "summary", "JMS broker of " + b.tenantId() + ": " + c.text(),
                        "description", "capacity " + b.capacity() + " of " + b.maxCapacity() + " bytes, "
                                + b.queueNumber() + " of " + b.maxQueueNumber() + " queues; queues ok/warning/error "
                                + b.capacityOk() + "/" + b.capacityWarning() + "/" + b.capacityError()
                                + " (read " + b.seenAt() + ")")));
            }
        }
        return out;
    }

    /** The conditions that hold for a broker; a maximum of 0 is not judged (no limit reported). */
    static List<Condition> conditions(JmsBrokerRow b, double capacityRatio, double queueRatio) {
        List<Condition> out = new ArrayList<>();
        if (b.maxCapacity() > 0 && b.capacity() >= capacityRatio * b.maxCapacity()) {
            out.add(new Condition("capacity", percent(b.capacity(), b.maxCapacity()) + " of its capacity used"));
        }
        if (b.maxQueueNumber() > 0 && b.queueNumber() >= queueRatio * b.maxQueueNumber()) {
            out.add(new Condition("queues", b.queueNumber() + " of at most " + b.maxQueueNumber() + " queues"));
        }
        if (b.capacityWarning() + b.capacityError() > 0) {
            out.add(new Condition("queue_state", b.capacityError() + " queue(s) in error and " + b.capacityWarning()
                    + " in warning state"));
        }
        if (b.consumersHigh()) {
            out.add(new Condition("consumers", "too many consumers"));
        }
        if (b.producersHigh()) {
            out.add(new Condition("producers", "too many producers"));
        }
        if (b.transactedSessionsHigh()) {
            out.add(new Condition("transacted_sessions", "too many transacted sessions"));
        }
        return out;
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.0f%%", 100.0 * part / whole);
    }
}
