package io.cpimon.alerting.channels;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a message template sees of a {@link GroupNotice} (the model documented in {@code docs/channels.md} §11.1):
 * plain maps, lists, strings and numbers, every documented name always present (empty text or 0 when the notice has
 * no value for it), so that a strict template fails on a misspelt name and never on an alert that lacks a label.
 * Stateless.
 */
public final class MessageModel {
    /** Alerts listed in one message; the rest are counted in {@code more}. */
    static final int MAX_ALERTS = 20;
    static final int MAX_EXCERPT = 300;
    static final int MAX_DESCRIPTION = 2_000;

    private MessageModel() {}

    /** The model of {@code notice}. */
    public static Map<String, Object> of(GroupNotice notice) {
        return of(notice, MAX_ALERTS);
    }

    /** The model of {@code notice} listing at most {@code maxAlerts} alerts (the rest counted in {@code more}). */
    public static Map<String, Object> of(GroupNotice notice, int maxAlerts) {
        List<AlertNotice> shown = notice.isFiring() ? notice.firing() : notice.resolved();
        Map<String, String> common = notice.commonLabels();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", notice.status().text());
        m.put("firing", notice.isFiring());
        m.put("resolved", !notice.isFiring());
        m.put("title", notice.title());
        m.put("reason", notice.reason());
        m.put("group", notice.groupText());
        m.put("channel", notice.channel());
        m.put("since", text(notice.episodeStart()));
        m.put("tenant", common.getOrDefault("tenant", ""));
        m.put("pair", common.getOrDefault("pair", ""));
        m.put("iflow", common.getOrDefault("iflow", ""));
        m.put("severity", common.getOrDefault("severity", ""));
        m.put("groupLabels", pairs(notice.groupLabels()));
        m.put("commonLabels", pairs(common));
        m.put("count", shown.size());
        List<Map<String, Object>> alerts = new ArrayList<>();
        int listed = Math.min(shown.size(), Math.min(maxAlerts, MAX_ALERTS));
        for (AlertNotice a : shown.subList(0, listed)) {
            alerts.add(alert(notice, a));
        }
        m.put("alerts", alerts);
        m.put("more", shown.size() - listed);
        List<Map<String, Object>> resolvedSinceLast = new ArrayList<>();
        if (notice.isFiring()) {
            for (AlertNotice a : notice.resolved().subList(0, Math.min(notice.resolved().size(), MAX_ALERTS))) {
                resolvedSinceLast.add(alert(notice, a));
            }
        }
        m.put("resolvedSinceLast", resolvedSinceLast);
        m.put("resolvedCount", notice.isFiring() ? notice.resolved().size() : 0);
        m.put("links", links(NoticeLinks.of(notice)));
        return m;
    }

    private static Map<String, Object> alert(GroupNotice notice, AlertNotice a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", a.status().text());
        m.put("summary", GroupNotice.summary(a));
        m.put("description", TeamsChannel.abbreviate(a.annotations().getOrDefault("description", ""), MAX_DESCRIPTION));
        m.put("rule", a.rule() == null ? "" : a.rule());
        m.put("severity", a.labels().getOrDefault("severity", ""));
        m.put("tenant", a.labels().getOrDefault("tenant", ""));
        m.put("pair", a.labels().getOrDefault("pair", ""));
        m.put("iflow", a.labels().getOrDefault("iflow", ""));
        String error = a.annotations().getOrDefault("errorText", "");
        m.put("errorExcerpt", TeamsChannel.abbreviate(error, MAX_EXCERPT));
        m.put("startsAt", text(a.startedAt()));
        m.put("endsAt", text(a.endedAt()));
        m.put("fingerprint", a.fingerprint() == null ? "" : a.fingerprint());
        m.put("labels", pairs(a.labels()));
        m.put("otherLabels", pairs(notice.distinctLabels(a)));
        m.put("annotations", pairs(a.annotations()));
        m.put("links", links(NoticeLinks.of(notice.dashboardUrl(), a)));
        return m;
    }

    private static Map<String, Object> links(NoticeLinks l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dashboard", l.dashboard());
        m.put("ack", l.ack());
        m.put("silence", l.silence());
        m.put("cpi", l.cpi());
        return m;
    }

    private static List<Map<String, String>> pairs(Map<String, String> values) {
        List<Map<String, String>> out = new ArrayList<>();
        new TreeMap<>(values).forEach((k, v) -> out.add(Map.of("name", k, "value", v)));
        return out;
    }

    private static String text(Instant t) {
        return t == null ? "" : t.toString();
    }

    /**
     * The alert {@code check-config} renders every template against: one firing failed-messages alert with every
     * documented field set, in a group of two.
     */
    public static GroupNotice sample() {
        Instant at = Instant.parse("2026-05-01T10:00:00Z");
        AlertNotice first = new AlertNotice(42L, "0123456789abcdef", "failed_messages", NoticeStatus.FIRING,
                Map.of("rule", "failed_messages", "tenant", "prd-weu", "pair", "prod", "iflow", "Order_Replication",
                        "severity", "critical"),
                Map.of("summary", "Order_Replication failed 12 times", "description", "12 of 40 messages failed",
                        "errorText", "com.sap.it.rt.adapter.http.api.exception.HttpResponseException: 503",
                        "alternateWebLink", "https://prd-weu.example/shell/monitoring/Messages/"),
                at, null, "https://cpimon.example/");
        AlertNotice second = new AlertNotice(43L, "fedcba9876543210", "failed_messages", NoticeStatus.FIRING,
                Map.of("rule", "failed_messages", "tenant", "prd-weu", "pair", "prod", "iflow", "Invoice_Out",
                        "severity", "critical"),
                Map.of("summary", "Invoice_Out failed 3 times"), at.plusSeconds(30), null, "https://cpimon.example/");
        Map<String, String> group = new LinkedHashMap<>();
        group.put("rule", "failed_messages");
        group.put("tenant", "prd-weu");
        return new GroupNotice(GroupKey.single(first.fingerprint()), "sample", NotificationReason.FIRST.text(), group,
                List.of(first, second), List.of(), at, null, "https://cpimon.example/", at.plusSeconds(60));
    }
}
