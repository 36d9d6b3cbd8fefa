package io.cpimon.alerting.channels;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One notification of an alert group to one channel (Alertmanager's webhook message): what is firing
 * now, what resolved since the last notification, and why it is sent. Channels render it into their
 * wire format. Never holds a secret. Immutable.
 * @param groupKey stable per group; its text is the peer-side dedup anchor
 * @param channel the receiving channel's name
 * @param reason {@code NotificationReason.text()}
 * @param firing every alert of the group that is firing now (ordered by start)
 * @param resolved the alerts that resolved since the last notification
 * @param episodeStart when the group's current episode began (the earliest start of its firing alerts, or of
 *     the resolved ones when none fires any more): deterministic across retries
 * @param previousRef nullable: the peer's reference of this episode from the notification log
 * @param dashboardUrl nullable
 */
public record GroupNotice(
        GroupKey groupKey,
        String channel,
        String reason,
        Map<String, String> groupLabels,
        List<AlertNotice> firing,
        List<AlertNotice> resolved,
        Instant episodeStart,
        String previousRef,
        String dashboardUrl,
        Instant sentAt) {

    public GroupNotice {
        groupLabels = Collections.unmodifiableMap(new LinkedHashMap<>(groupLabels));
        firing = List.copyOf(firing);
        resolved = List.copyOf(resolved);
    }

    /** A group of one alert: a channel test, or a notice without a group. */
    public static GroupNotice single(AlertNotice n, String channel, String reason, Instant now) {
        Map<String, String> labels = new TreeMap<>();
        labels.put("rule", n.rule() == null ? "" : n.rule());
        String tenant = n.labels().get("tenant");
        if (tenant != null) {
            labels.put("tenant", tenant);
        }
        return new GroupNotice(GroupKey.single(n.fingerprint()), channel, reason, labels,
                n.firing() ? List.of(n) : List.of(), n.firing() ? List.of() : List.of(n),
                n.startedAt(), null, n.dashboardUrl(), now);
    }

    /** {@link NoticeStatus#FIRING} when any alert of the group fires, else {@link NoticeStatus#RESOLVED}. */
    public NoticeStatus status() {
        return firing.isEmpty() ? NoticeStatus.RESOLVED : NoticeStatus.FIRING;
    }

    public boolean isFiring() {
        return !firing.isEmpty();
    }

    /** Every alert of the notification, firing first. */
    public List<AlertNotice> alerts() {
        List<AlertNotice> all = new ArrayList<>(firing);
        all.addAll(resolved);
        return all;
    }

    /** Labels every alert shares (with the group labels). */
    public Map<String, String> commonLabels() {
        return common(alerts().stream().map(AlertNotice::labels).toList());
    }

    public Map<String, String> commonAnnotations() {
        return common(alerts().stream().map(AlertNotice::annotations).toList());
    }

    private static Map<String, String> common(List<Map<String, String>> maps) {
        if (maps.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new TreeMap<>(maps.get(0));
        for (Map<String, String> m : maps.subList(1, maps.size())) {
            out.entrySet().removeIf(e -> !e.getValue().equals(m.get(e.getKey())));
        }
        return out;
    }

    /**
     * {@code [FIRING] <summary>} for one alert, {@code [FIRING:40] <rule> <tenant>} for several,
     * {@code [RESOLVED] …} when nothing fires any more. The first word tells the state at a glance.
     */
    public String title() {
        List<AlertNotice> shown = isFiring() ? firing : resolved;
        String state = isFiring() ? "FIRING" : "RESOLVED";
        if (shown.size() == 1) {
            return "[" + state + "] " + summary(shown.get(0));
        }
        return "[" + state + ":" + shown.size() + "] " + groupText();
    }

    /** The group label values, e.g. {@code failed_messages storm-weu}. */
    public String groupText() {
        StringBuilder s = new StringBuilder();
        groupLabels.values().stream().filter(v -> !v.isEmpty()).forEach(v -> s.append(s.isEmpty() ? "" : " ").append(v));
        return s.toString();
    }

    /** A subject that stays the same for the whole episode: {@code [cpimon] tenant_down prd-weu}. */
    public String subject() {
        return ("[cpimon] " + groupText()).trim();
    }

    static String summary(AlertNotice n) {
        String summary = n.annotations().get("summary");
        if (summary != null && !summary.isBlank()) {
            return summary;
        }
        return (n.rule() + " " + n.labels().getOrDefault("tenant", "")).trim();
    }

    /** 16 hex digits of SHA-256 over the group key: short enough for ids, stable across restarts. */
    public String groupHash() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(groupKey.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Labels of one alert without the ones the group shares, for compact lists. */
    public Map<String, String> distinctLabels(AlertNotice n) {
        Map<String, String> common = commonLabels();
        Map<String, String> out = new LinkedHashMap<>();
        new TreeMap<>(n.labels()).forEach((k, v) -> {
            if (!v.equals(common.get(k))) {
                out.put(k, v);
            }
        });
        return out;
    }
}
