package io.cpimon.alerting.inbound;

import io.cpimon.alerting.channels.NoticeStatus;
import io.cpimon.alerting.lifecycle.NotificationPlanner;
import io.cpimon.alerting.rules.AlertInstance;
import io.cpimon.core.ChangeNotifier;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;
import io.cpimon.db.AlertStore;
import io.cpimon.db.NewAlert;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Accepts Azure Monitor alerts in the common alert schema (docs/channels.md §3.3; e.g. a Front Door health metric
 * alert's action-group webhook) as cpimon alerts with their Fired/Resolved lifecycle, routed and grouped like
 * any other: rule {@code azure_monitor}, labels {@code alertname} (the Azure rule), {@code resource} (first
 * configuration item), {@code severity} (Sev0/Sev1 critical, Sev2 warning, else info) and {@code azure_alert_id}
 * (stable across Fired and Resolved, so both reach the same alert). Fired opens the alert FIRING with its
 * notifications in one transaction; Fired again only refreshes it; Resolved resolves it; a Resolved without
 * an open alert is ignored. Blocking; thread-safe when its stores are.
 */
public final class AzureMonitorInbound {
    public static final String RULE = "azure_monitor";

    /** @param action {@code opened}, {@code refreshed}, {@code resolved} or {@code ignored}; @param alertId nullable */
    public record Result(String action, Long alertId, String fingerprint) {}

    private final AlertStore alerts;
    private final NotificationPlanner planner;
    private final Clock clock;
    private final ChangeNotifier notifier;
    private final Runnable onEnqueued;

    public AzureMonitorInbound(AlertStore alerts, NotificationPlanner planner, Clock clock, ChangeNotifier notifier,
                               Runnable onEnqueued) {
        this.alerts = alerts;
        this.planner = planner;
        this.clock = clock;
        this.notifier = notifier;
        this.onEnqueued = onEnqueued;
    }

    /** @throws IllegalArgumentException when {@code json} is not a common-alert-schema payload (the message says why) */
    public Result accept(String json) {
        JsonObject essentials = essentials(json);
        String alertId = required(essentials, "alertId");
        String alertRule = required(essentials, "alertRule");
        String condition = required(essentials, "monitorCondition");
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("rule", RULE);
        labels.put("alertname", alertRule);
        Object itemsValue = essentials.getValue("configurationItems");
        if (itemsValue != null && !(itemsValue instanceof JsonArray)) {
            throw new IllegalArgumentException("data.essentials.configurationItems must be a list");
        }
        JsonArray items = itemsValue == null ? new JsonArray() : (JsonArray) itemsValue;
        labels.put("resource", items.isEmpty() ? "" : String.valueOf(items.getValue(0)));
        labels.put("severity", severity(optional(essentials, "severity", "")));
        labels.put("azure_alert_id", alertId);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", "Azure Monitor: " + alertRule + (items.isEmpty() ? "" : " on " + items.getValue(0)));
        String description = optional(essentials, "description", null);
        if (description != null && !description.isBlank()) {
            annotations.put("description", description);
        }
        annotations.put("signalType", optional(essentials, "signalType", ""));
        annotations.put("monitoringService", optional(essentials, "monitoringService", ""));
        String fingerprint = AlertInstance.fingerprint(labels);
        Instant now = clock.instant();
        Optional<Alert> open = alerts.openAlerts().stream().filter(a -> a.fingerprint().equals(fingerprint)).findFirst();
        Result result;
        switch (condition) {
            case "Fired" -> {
                if (open.isPresent()) {
                    alerts.touch(open.get().id(), now, annotations);
                    return new Result("refreshed", open.get().id(), fingerprint);
                }
                Instant firedAt = instant(optional(essentials, "firedDateTime", null), now);
                Alert preview = new Alert(0, fingerprint, RULE, labels, annotations, AlertState.FIRING, firedAt, now, now,
                        null, null, null, null);
                Alert opened = alerts.open(new NewAlert(fingerprint, RULE, labels, annotations, AlertState.FIRING, firedAt),
                        planner.plan(preview, NoticeStatus.FIRING, now));
                result = new Result("opened", opened.id(), fingerprint);
            }
            case "Resolved" -> {
                if (open.isEmpty()) {
                    return new Result("ignored", null, fingerprint);
                }
                alerts.transition(open.get().id(), AlertState.RESOLVED, now, planner.plan(open.get(), NoticeStatus.RESOLVED, now));
                result = new Result("resolved", open.get().id(), fingerprint);
            }
            default -> throw new IllegalArgumentException("data.essentials.monitorCondition must be Fired or Resolved, got '"
                    + condition + "'");
        }
        notifier.changed("alert", null);
        onEnqueued.run();
        return result;
    }

    private static JsonObject essentials(String json) {
        JsonObject o;
        try {
            o = new JsonObject(json);
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("the body is not a JSON object");
        }
        if (!"azureMonitorCommonAlertSchema".equals(o.getValue("schemaId"))) {
            throw new IllegalArgumentException("schemaId must be azureMonitorCommonAlertSchema (enable the common alert schema"
                    + " on the action group)");
        }
        JsonObject essentials = o.getValue("data") instanceof JsonObject data
                && data.getValue("essentials") instanceof JsonObject e ? e : null;
        if (essentials == null) {
            throw new IllegalArgumentException("data.essentials is missing");
        }
        return essentials;
    }

    /** An optional string field; {@code fallback} when absent or null, refused when it is not a string. */
    private static String optional(JsonObject o, String field, String fallback) {
        Object v = o.getValue(field);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("data.essentials." + field + " must be a string");
        }
        return s;
    }

    private static String required(JsonObject o, String field) {
        Object v = o.getValue(field);
        if (!(v instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException("data.essentials." + field + " is missing");
        }
        return s;
    }

    static String severity(String azure) {
        return switch (azure) {
            case "Sev0", "Sev1" -> "critical";
            case "Sev2" -> "warning";
            default -> "info";
        };
    }

    private static Instant instant(String text, Instant fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }
}
