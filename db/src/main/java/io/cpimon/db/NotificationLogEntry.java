package io.cpimon.db;

import java.time.Instant;

/**
 * What a channel was last told about one alert group (Alertmanager's nflog entry).
 * @param firingJson JSON array of the notices of the alerts last notified as firing (empty after "all resolved")
 * @param episodeStart nullable: when the group's current firing episode began (null: nothing firing)
 * @param lastReason why the last notification was sent (first, new firing, new resolved, all resolved, repeat elapsed)
 * @param externalRef nullable: the peer's reference of the episode (email Message-ID, ServiceNow sys_id)
 */
public record NotificationLogEntry(
        String groupKey,
        String channel,
        String firingJson,
        Instant episodeStart,
        String lastReason,
        Instant lastSentAt,
        String externalRef) {}
