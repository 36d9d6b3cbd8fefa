package io.cpimon.alerting.outbox;

import io.cpimon.alerting.channels.AlertNotice;
import io.cpimon.alerting.channels.Channel;
import io.cpimon.alerting.channels.GroupKey;
import io.cpimon.alerting.channels.NoticeStatus;
import io.cpimon.alerting.lifecycle.Router;
import io.cpimon.config.CpimonConfig.RouteConfig;
import io.cpimon.core.Backoff;
import io.cpimon.core.ChangeNotifier;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;
import io.cpimon.db.AlertStore;
import io.cpimon.db.NewNotification;
import io.cpimon.db.Notification;
import io.cpimon.db.NotificationGroup;
import io.cpimon.db.NotificationLogEntry;
import io.cpimon.db.NotificationLogStore;
import io.cpimon.db.NotificationStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Delivers the outbox one alert group at a time (Alertmanager's dispatch → dedup → retry → nflog pipeline). For
 * every (group, channel) with a due row it claims all the group's pending rows (SKIP LOCKED, leased, so a crash
 * mid-send only delays them) and runs them through the {@link NotificationPipeline}: {@link GroupDedup} decides
 * against the durable notification log whether the channel learns anything new, the group is held back until its
 * {@code groupInterval} (except when everything resolved) and the channel's rate limit allow, and the channel makes
 * one attempt. Only after the peer accepted are the log entry written and the rows marked sent, so a crash at any
 * point repeats at most the last notification (at least once). Retries use exponential backoff with jitter (capped
 * near a minute) and the peer's Retry-After; a delivery makes the channel's other rows waiting for a retry due at
 * once, so a recovered channel gets its backlog within seconds, oldest first; a permanent failure or
 * {@code maxAge} makes the rows dead and hands them to the route's fallback channel. Repeats of unacknowledged
 * firing groups after {@code repeatInterval} are enqueued as rows too.
 * Blocking; not thread-safe: one virtual thread per dispatcher.
 */
public final class Dispatcher {
    static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);
    /** How often the log is scanned for due repeats (a repeat is late by at most this). */
    static final Duration REPEAT_SCAN = Duration.ofSeconds(10);

    /**
     * @param backoff per row; its cap bounds how long a recovered channel's backlog can wait (Alertmanager retries
     *                at most a minute apart), and a delivery wakes the channel's other waiting rows anyway
     * @param lease how long a claimed row stays invisible to other dispatchers
     */
    public record Policy(Duration maxAge, Backoff backoff, Duration lease, int batch) {
        public static Policy defaults() {
            return new Policy(Duration.ofHours(24), Backoff.of(Duration.ofSeconds(2), Duration.ofMinutes(1)),
                    Duration.ofMinutes(2), 20);
        }
    }

    private final NotificationStore outbox;
    private final NotificationLogStore log;
    private final AlertStore alerts;
    private final Map<String, Channel> channels;
    private final Router router;
    private final Clock clock;
    private final Policy policy;
    private final ChangeNotifier notifier;
    private final String dashboardUrl;
    private final NotificationPipeline pipeline;
    private Instant nextRepeatScan = Instant.MIN;

    /** @param dashboardUrl nullable: linked from notifications */
    public Dispatcher(NotificationStore outbox, NotificationLogStore log, AlertStore alerts,
                      Map<String, Channel> channels, Router router, Clock clock, Policy policy, ChangeNotifier notifier,
                      RateLimiter limiter, String dashboardUrl) {
        this.outbox = outbox;
        this.log = log;
        this.alerts = alerts;
        this.channels = Map.copyOf(channels);
        this.router = router;
        this.clock = clock;
        this.policy = policy;
        this.notifier = notifier;
        this.dashboardUrl = dashboardUrl;
        this.pipeline = NotificationPipeline.of(outbox, log, alerts, this.channels, clock, policy, limiter,
                dashboardUrl);
    }

    /** Enqueues due repeats, then flushes every due group; returns how many rows it handled (0: nothing was due). */
    public int dispatchOnce() {
        Instant now = clock.instant();
        if (!now.isBefore(nextRepeatScan)) {
            enqueueRepeats(now);
            nextRepeatScan = now.plus(REPEAT_SCAN);
        }
        int handled = 0;
        // the due groups are read again after every flush: a delivery makes the channel's rows that wait out a
        // backoff due at once, and the whole backlog then goes oldest first, not behind younger rows due already
        Set<NotificationGroup> seen = new HashSet<>();
        while (seen.size() < policy.batch()) {
            Optional<NotificationGroup> next = outbox.dueGroups(now, seen.size() + 1).stream()
                    .filter(group -> !seen.contains(group)).findFirst();
            if (next.isEmpty()) {
                break;
            }
            NotificationGroup g = next.get();
            seen.add(g);
            List<Notification> rows = outbox.claimGroup(g.groupKey(), g.channel(), now, policy.lease());
            if (!rows.isEmpty()) {
                GroupKey key = GroupKey.parse(g.groupKey());
                pipeline.run(Flush.claimed(key, g.channel(), now, router.routeOf(key).orElse(null), rows));
                handled += rows.size();
            }
        }
        if (handled > 0) {
            notifier.changed("notification", null);
        }
        return handled;
    }

    /**
     * For every group the log says is firing and whose last notification is older than its route's
     * {@code repeatInterval}: one repeat row (dedup key per last send, so several dispatchers enqueue one),
     * unless all its alerts are acknowledged or no longer firing.
     */
    void enqueueRepeats(Instant now) {
        Duration shortest = router.routes().stream().map(RouteConfig::repeatInterval).min(Comparator.naturalOrder())
                .orElse(DEFAULT_REPEAT_INTERVAL);
        List<NewNotification> repeats = new ArrayList<>();
        for (NotificationLogEntry e : log.firingSentBefore(now.minus(shortest), 100)) {
            GroupKey key = GroupKey.parse(e.groupKey());
            Duration interval = router.routeOf(key).map(RouteConfig::repeatInterval).orElse(DEFAULT_REPEAT_INTERVAL);
            if (now.isBefore(e.lastSentAt().plus(interval)) || !channels.containsKey(e.channel())) {
                continue;
            }
            if (unacknowledgedFiring(AlertNotice.listFromJson(e.firingJson()))) {
                AlertNotice marker = new AlertNotice(null, null, null, NoticeStatus.REPEAT, key.labels(), Map.of(),
                        e.lastSentAt(), null, dashboardUrl);
                repeats.add(new NewNotification(null, e.channel(), "repeat:" + e.groupKey() + ":" + e.channel() + ":"
                        + e.lastSentAt().toEpochMilli(), e.groupKey(), marker.toJson(), now));
            }
        }
        if (!repeats.isEmpty()) {
            outbox.enqueue(repeats);
        }
    }

    private boolean unacknowledgedFiring(List<AlertNotice> told) {
        for (AlertNotice n : told) {
            Optional<Alert> a = n.alertId() == null ? Optional.empty() : alerts.get(n.alertId());
            if (a.isPresent() && a.get().state() == AlertState.FIRING && a.get().ackedAt() == null) {
                return true;
            }
        }
        return false;
    }
}
