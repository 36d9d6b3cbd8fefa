package io.cpimon.alerting.channels;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Prometheus Alertmanager's JSON shapes (docs/channels.md §5.2): the v4 webhook message and API v2 alerts. */
final class AlertmanagerJson {
    /** Go's zero time: what Alertmanager shows as the {@code endsAt} of a firing alert. */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private AlertmanagerJson() {}

    /** The webhook message ({@code version "4"}) for one group notification. */
    static JsonObject webhook(GroupNotice n, String receiver) {
        JsonArray alerts = new JsonArray();
        for (AlertNotice a : n.alerts()) {
            alerts.add(new JsonObject()
                    .put("status", a.firing() ? "firing" : "resolved")
                    .put("labels", map(a.labels()))
                    .put("annotations", map(a.annotations()))
                    .put("startsAt", a.startsAt())
                    .put("endsAt", a.firing() || a.endedAt() == null ? ZERO_TIME : a.endedAt().toString())
                    .put("generatorURL", a.dashboardUrl() == null ? "" : a.dashboardUrl())
                    .put("fingerprint", a.fingerprint()));
        }
        return new JsonObject()
                .put("version", "4")
                .put("groupKey", n.groupKey().toString())
                .put("truncatedAlerts", 0)
                .put("status", n.status().text())
                .put("receiver", receiver)
                .put("groupLabels", map(n.groupLabels()))
                .put("commonLabels", map(n.commonLabels()))
                .put("commonAnnotations", map(n.commonAnnotations()))
                .put("externalURL", n.dashboardUrl() == null ? "" : n.dashboardUrl())
                .put("notification_reason", n.reason())
                .put("alerts", alerts);
    }

    /**
     * API v2 {@code postableAlerts}: firing alerts with {@code endsAt} {@code validFor} ahead, resolved ones ending
     * now.
     */
    static JsonArray postableAlerts(GroupNotice n, Duration validFor) {
        JsonArray out = new JsonArray();
        for (AlertNotice a : n.alerts()) {
            Instant endsAt = a.firing() ? n.sentAt().plus(validFor) : (a.endedAt() == null ? n.sentAt() : a.endedAt());
            out.add(new JsonObject()
                    .put("labels", map(a.labels()))
                    .put("annotations", map(a.annotations()))
                    .put("startsAt", a.startsAt())
                    .put("endsAt", endsAt.toString())
                    .put("generatorURL", a.dashboardUrl() == null ? "" : a.dashboardUrl()));
        }
        return out;
    }

    private static JsonObject map(Map<String, String> m) {
        JsonObject o = new JsonObject();
        new TreeMap<>(m).forEach(o::put);
        return o;
    }
}
