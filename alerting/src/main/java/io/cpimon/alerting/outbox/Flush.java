package io.cpimon.alerting.outbox;

import io.cpimon.alerting.channels.AlertNotice;
import io.cpimon.alerting.channels.Delivery;
import io.cpimon.alerting.channels.GroupKey;
import io.cpimon.alerting.channels.GroupNotice;
import io.cpimon.config.CpimonConfig.RouteConfig;
import io.cpimon.db.Notification;
import io.cpimon.db.NotificationLogEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The facts of one flush of one alert group to one channel, as the {@link NotificationStage}s learn them: each
 * stage returns a copy with what it found. Immutable.
 * @param route nullable: the route that made the group (null when the key is no longer a route's)
 * @param rows the group's outbox rows this dispatcher claimed, in due order
 * @param last nullable: the notification log's entry of (group, channel)
 * @param told the alerts the channel was last told are firing (empty until read, or when none)
 * @param notices the rows' payloads, in row order (empty until read)
 * @param acknowledged fingerprints of the group's acknowledged alerts (read only for a repeat)
 * @param decision nullable until dedup decided
 * @param notice nullable until sent: what the channel was sent
 * @param delivery nullable until sent: the channel's answer
 * @param answeredAt nullable until sent: when the channel answered
 */
record Flush(GroupKey groupKey, String channel, Instant claimedAt, RouteConfig route, List<Notification> rows,
             NotificationLogEntry last, List<AlertNotice> told, List<AlertNotice> notices, Set<String> acknowledged,
             GroupDedup.Decision decision, GroupNotice notice, Delivery delivery, Instant answeredAt) {
    static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(5);

    Flush {
        rows = List.copyOf(rows);
        told = List.copyOf(told);
        notices = List.copyOf(notices);
        acknowledged = Set.copyOf(acknowledged);
    }

    /** A flush of the rows just claimed. */
    static Flush claimed(GroupKey groupKey, String channel, Instant claimedAt, RouteConfig route,
                         List<Notification> rows) {
        return new Flush(groupKey, channel, claimedAt, route, rows, null, List.of(), List.of(), Set.of(), null, null,
                null, null);
    }

    /** Whether the group has an episode the channel was told about (something it was told fires). */
    boolean active() {
        return last != null && last.episodeStart() != null;
    }

    Duration groupInterval() {
        return route == null ? DEFAULT_GROUP_INTERVAL : route.groupInterval();
    }

    Flush withGroup(NotificationLogEntry last, List<AlertNotice> told, List<AlertNotice> notices) {
        return new Flush(groupKey, channel, claimedAt, route, rows, last, told, notices, acknowledged, decision, notice,
                delivery, answeredAt);
    }

    Flush withAcknowledged(Set<String> acknowledged) {
        return new Flush(groupKey, channel, claimedAt, route, rows, last, told, notices, acknowledged, decision, notice,
                delivery, answeredAt);
    }

    Flush withDecision(GroupDedup.Decision decision) {
        return new Flush(groupKey, channel, claimedAt, route, rows, last, told, notices, acknowledged, decision, notice,
                delivery, answeredAt);
    }

    Flush withAnswer(GroupNotice notice, Delivery delivery, Instant answeredAt) {
        return new Flush(groupKey, channel, claimedAt, route, rows, last, told, notices, acknowledged, decision, notice,
                delivery, answeredAt);
    }
}
