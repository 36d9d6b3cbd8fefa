package io.cpimon.api.routes;

import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;
import io.cpimon.db.NotificationState;
import io.cpimon.forward.ForwarderStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.MultiGauge.Row;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gauges of cpimon's stored state, set from the same read models the API serves (no second bookkeeping) right
 * before each scrape: the notification outbox by channel and state ({@code cpimon_notifications}, pending is the
 * outbox depth, dead the rows given up on), open alerts by rule and state ({@code cpimon_alerts_open}), per tenant the
 * last probe, the poller's last success and failures and the messages of the last 15 minutes, and per forwarder its lag
 * in rows and seconds. Every label value is a configured name, a rule, or a fixed state; never a message or alert id.
 * {@link #update} is synchronized: concurrent scrapes set the gauges one after the other.
 */
final class StateGauges {
    private final MultiGauge notifications;
    private final MultiGauge alertsOpen;
    private final MultiGauge probeUp;
    private final MultiGauge probeLatency;
    private final MultiGauge lastSuccess;
    private final MultiGauge consecutiveFailures;
    private final MultiGauge messagesRecent;
    private final MultiGauge forwardLagRows;
    private final MultiGauge forwardLagSeconds;
    private final MultiGauge forwardGapRows;

    StateGauges(MeterRegistry registry) {
        notifications = gauge(registry, "cpimon.notifications", null,
                "Notification outbox rows by channel and state (dead rows were given up on)");
        alertsOpen = gauge(registry, "cpimon.alerts.open", null, "Open alerts by rule and state");
        probeUp = gauge(registry, "cpimon.tenant.probe.up", null, "Last runtime probe of the tenant: 1 up, 0 down");
        probeLatency = gauge(registry, "cpimon.tenant.probe.latency", "seconds", "Latency of the last runtime probe");
        lastSuccess = gauge(registry, "cpimon.ingest.last.success.timestamp", "seconds",
                "When the tenant's MPL poller last succeeded (Unix time)");
        consecutiveFailures = gauge(registry, "cpimon.ingest.consecutive.failures", null,
                "Failed polls of the tenant's MPLs since the last success");
        messagesRecent = gauge(registry, "cpimon.messages.recent", null,
                "Messages whose LogEnd is in the last 15 minutes, all and failed");
        forwardLagRows = gauge(registry, "cpimon.forward.lag.rows", null,
                "Stored MPL changes not yet forwarded (capped)");
        forwardLagSeconds = gauge(registry, "cpimon.forward.lag", "seconds",
                "Age of the oldest MPL change not yet forwarded");
        forwardGapRows = gauge(registry, "cpimon.forward.gap.rows", null,
                "Replaced MPL states pruned from the change log by age before the forwarder read them, since its"
                        + " cursor was created");
    }

    private static MultiGauge gauge(MeterRegistry registry, String name, String unit, String help) {
        return MultiGauge.builder(name).baseUnit(unit).description(help).register(registry);
    }

    /** @param forwarders the MPL forwarders' statuses; empty without forwarders */
    record Inputs(List<TenantView> tenants, List<Alert> openAlerts, Map<String, Map<NotificationState, Long>> outbox,
                  List<ForwarderStatus> forwarders) {}

    synchronized void update(Inputs in) {
        List<Row<?>> rows = new ArrayList<>();
        new TreeMap<>(in.outbox()).forEach((channel, states) -> {
            for (NotificationState state : NotificationState.values()) {
                rows.add(Row.of(Tags.of("channel", channel, "state", lower(state.name())),
                        states.getOrDefault(state, 0L)));
            }
        });
        notifications.register(rows, true);

        Map<String, long[]> byRule = new TreeMap<>();
        for (Alert a : in.openAlerts()) {
            byRule.computeIfAbsent(a.rule(), r -> new long[2])[a.state() == AlertState.FIRING ? 0 : 1]++;
        }
        List<Row<?>> alerts = new ArrayList<>();
        byRule.forEach((rule, c) -> {
            alerts.add(Row.of(Tags.of("rule", rule, "state", "firing"), c[0]));
            alerts.add(Row.of(Tags.of("rule", rule, "state", "pending"), c[1]));
        });
        alertsOpen.register(alerts, true);

        List<Row<?>> up = new ArrayList<>();
        List<Row<?>> latency = new ArrayList<>();
        List<Row<?>> success = new ArrayList<>();
        List<Row<?>> failures = new ArrayList<>();
        List<Row<?>> recent = new ArrayList<>();
        for (TenantView t : in.tenants()) {
            Tags tenant = Tags.of("tenant", t.id());
            if (t.probe() != null) {
                up.add(Row.of(tenant, t.probe().up() ? 1 : 0));
                latency.add(Row.of(tenant, t.probe().latencyMs() / 1000.0));
            }
            if (t.ingest() != null) {
                if (t.ingest().lastSuccess() != null) {
                    success.add(Row.of(tenant, t.ingest().lastSuccess().toEpochMilli() / 1000.0));
                }
                failures.add(Row.of(tenant, t.ingest().consecutiveFailures()));
            }
            recent.add(Row.of(tenant.and("status", "all"), t.messages().total()));
            recent.add(Row.of(tenant.and("status", "failed"), t.messages().failed()));
        }
        probeUp.register(up, true);
        probeLatency.register(latency, true);
        lastSuccess.register(success, true);
        consecutiveFailures.register(failures, true);
        messagesRecent.register(recent, true);

        forwardLagRows.register(in.forwarders().stream().<Row<?>>map(s -> Row.of(Tags.of("forwarder", s.name()),
                s.lagRows())).toList(), true);
        forwardLagSeconds.register(in.forwarders().stream().<Row<?>>map(s -> Row.of(Tags.of("forwarder", s.name()),
                s.lagSeconds())).toList(), true);
        forwardGapRows.register(in.forwarders().stream().<Row<?>>map(s -> Row.of(Tags.of("forwarder", s.name()),
                s.gapRows())).toList(), true);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
