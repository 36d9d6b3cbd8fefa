package io.cpimon.alerting.outbox;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpimon.alerting.channels.AlertNotice;
import io.cpimon.alerting.channels.Channel;
import io.cpimon.alerting.channels.Delivery;
import io.cpimon.alerting.channels.GroupNotice;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox one alert group at a time (Alertmanager's dispatch → dedup → retry →
 * nflog pipeline). For every (group, channel) with a due row it claims all the group's pending rows
 * (SKIP LOCKED, leased, so a crash mid-send only delays them), lets {@link GroupDedup} decide against the
 * durable notification log whether the channel learns anything new, holds the group back until its
 * {@code groupInterval} (except when everything resolved) and the channel's rate limit allow, and lets the
 * channel make one attempt. Only after the peer accepted does it write the log entry and mark the rows
 * sent, so a crash at any point repeats at most the last notification (at least once). Retries use
 * exponential backoff with jitter and the peer's Retry-After; a permanent failure or {@code maxAge} makes
 * the rows dead and hands them to the route's fallback channel. Repeats of unacknowledged firing groups
 * after {@code repeatInterval} are enqueued as rows too. Blocking; one virtual thread per dispatcher.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<AlertNotice>> NOTICES = new TypeReference<>() {};
    static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(5);
    static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);
    /** How often the log is scanned for due repeats (a repeat is late by at most this). */
    static final Duration REPEAT_SCAN = Duration.ofSeconds(10);

    /** @param lease how long a claimed row stays invisible to other dispatchers */
    public record Policy(Duration maxAge, Backoff backoff, Duration lease, int batch) {
        public static Policy defaults() {
            return new Policy(Duration.ofHours(24), Backoff.of(Duration.ofSeconds(2), Duration.ofMinutes(10)), Duration.ofMinutes(2), 20);
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
    private final RateLimiter limiter;
    private final String dashboardUrl;
    private Instant nextRepeatScan = Instant.MIN;

    /** @param dashboardUrl nullable: linked from notifications */
    public Dispatcher(NotificationStore outbox, NotificationLogStore log, AlertStore alerts, Map<String, Channel> channels,
                      Router router, Clock clock, Policy policy, ChangeNotifier notifier, RateLimiter limiter, String dashboardUrl) {
        this.outbox = outbox;
        this.log = log;
        this.alerts = alerts;
        this.channels = Map.copyOf(channels);
        this.router = router;
        this.clock = clock;
        this.policy = policy;
        this.notifier = notifier;
        this.limiter = limiter;
        this.dashboardUrl = dashboardUrl;
    }

    /** Enqueues due repeats, then flushes every due group; returns how many rows it handled (0: nothing was due). */
    public int dispatchOnce() {
        Instant now = clock.instant();
        if (!now.isBefore(nextRepeatScan)) {
            enqueueRepeats(now);
            nextRepeatScan = now.plus(REPEAT_SCAN);
        }
        int handled = 0;
        for (NotificationGroup g : outbox.dueGroups(now, policy.batch())) {
            List<Notification> rows = outbox.claimGroup(g.groupKey(), g.channel(), now, policy.lease());
            if (!rows.isEmpty()) {
                flush(g, rows, now);
                handled += rows.size();
            }
        }
        if (handled > 0) {
            notifier.changed("notification", null);
        }
        return handled;
    }

    private void flush(NotificationGroup g, List<Notification> rows, Instant claimedAt) {
        Channel channel = channels.get(g.channel());
        if (channel == null) {
            dead(g, rows, claimedAt, "no channel named '" + g.channel() + "' is configured");
            return;
        }
        RouteConfig route = router.routeOf(g.groupKey());
        Optional<NotificationLogEntry> entry = log.get(g.groupKey(), g.channel());
        List<AlertNotice> told = entry.map(e -> notices(e.firingJson())).orElse(List.of());
        List<AlertNotice> notices = new ArrayList<>();
        for (Notification n : rows) {
            AlertNotice notice = AlertNotice.fromJson(n.payloadJson());
            if (notice.alertId() == null && n.alertId() != null) {
                // planned before the alert had an id: the row knows it
                notice = new AlertNotice(n.alertId(), notice.fingerprint(), notice.rule(), notice.status(), notice.labels(),
                        notice.annotations(), notice.startsAt(), notice.endsAt(), notice.dashboardUrl());
            }
            notices.add(notice);
        }
        Set<String> acked = notices.stream().anyMatch(n -> "repeat".equals(n.status())) ? acknowledged(told, notices) : Set.of();
        GroupDedup.Decision decision = GroupDedup.decide(told, notices, acked);
        if (!decision.reason().sends()) {
            for (Notification n : rows) {
                outbox.markSent(n.id(), claimedAt, "suppressed: " + decision.reason().text());
            }
            return;
        }
        boolean active = entry.isPresent() && entry.get().episodeStart() != null;
        Duration groupInterval = route == null ? DEFAULT_GROUP_INTERVAL : route.groupInterval();
        if (active && decision.reason() != NotificationReason.ALL_RESOLVED
                && claimedAt.isBefore(entry.get().lastSentAt().plus(groupInterval))) {
            Instant next = entry.get().lastSentAt().plus(groupInterval);
            rows.forEach(n -> outbox.postpone(n.id(), next, null));
            return;
        }
        Instant permit = limiter.acquire(g.channel(), claimedAt);
        if (permit != null) {
            rows.forEach(n -> outbox.postpone(n.id(), permit, null));
            return;
        }
        Instant episodeStart = active ? entry.get().episodeStart() : earliestStart(decision);
        GroupNotice notice = new GroupNotice(g.groupKey(), g.channel(), decision.reason().text(), Router.groupLabels(g.groupKey()),
                decision.shownFiring(), decision.resolved(), episodeStart, active ? entry.get().externalRef() : null,
                dashboardUrl, claimedAt);
        Delivery result;
        try {
            result = channel.send(notice);
        } catch (RuntimeException e) {
            result = new Delivery.Retry(g.channel() + ": " + e.getClass().getSimpleName(), null);
        }
        Instant now = clock.instant();
        switch (result) {
            case Delivery.Delivered d -> {
                String ref = d.externalRef() != null ? d.externalRef() : notice.previousRef();
                log.put(new NotificationLogEntry(g.groupKey(), g.channel(), json(decision.firing()),
                        decision.firing().isEmpty() ? null : episodeStart, decision.reason().text(), now, ref));
                for (Notification n : rows) {
                    outbox.markSent(n.id(), now, d.externalRef());
                }
                LOG.info("{} → {}: {} ({} firing, {} resolved, {} row(s))", g.groupKey(), g.channel(), decision.reason().text(),
                        notice.firing().size(), notice.resolved().size(), rows.size());
            }
            case Delivery.Failed f -> dead(g, rows, now, f.reason());
            case Delivery.Retry r -> {
                Instant oldest = rows.stream().map(Notification::createdAt).min(Comparator.naturalOrder()).orElse(now);
                int attempts = rows.stream().mapToInt(Notification::attempts).max().orElse(1);
                if (!now.isBefore(oldest.plus(policy.maxAge()))) {
                    dead(g, rows, now, "gave up after " + attempts + " attempts over " + policy.maxAge() + ": " + r.reason());
                } else {
                    Duration delay = policy.backoff().delay(attempts, r.retryAfter());
                    String previous = rows.get(0).lastError();
                    for (Notification n : rows) {
                        outbox.markRetry(n.id(), now.plus(delay), r.reason());
                    }
                    if (previous == null || !previous.equals(r.reason())) {
                        LOG.warn("{} → {}: {} (retry in {})", g.groupKey(), g.channel(), r.reason(), delay);
                    }
                }
            }
        }
    }

    private void dead(NotificationGroup g, List<Notification> rows, Instant now, String reason) {
        for (Notification n : rows) {
            outbox.markDead(n.id(), now, reason);
        }
        LOG.warn("{} → {}: {} row(s) dead: {}", g.groupKey(), g.channel(), rows.size(), reason);
        RouteConfig route = router.routeOf(g.groupKey());
        String fallback = route == null ? null : route.fallback();
        if (fallback != null && !fallback.equals(g.channel())) {
            List<NewNotification> copies = new ArrayList<>();
            for (Notification n : rows) {
                copies.add(new NewNotification(n.alertId(), fallback, n.dedupKey() + ":fallback:" + fallback, g.groupKey(),
                        n.payloadJson(), now));
            }
            int enqueued = outbox.enqueue(copies).size();
            LOG.warn("{}: {} dead row(s) handed to fallback channel {}", g.groupKey(), enqueued, fallback);
        }
    }

    /** Fingerprints of the group's alerts that are acknowledged or no longer firing (a repeat leaves them out). */
    private Set<String> acknowledged(List<AlertNotice> told, List<AlertNotice> rows) {
        Set<String> out = new HashSet<>();
        List<AlertNotice> all = new ArrayList<>(told);
        all.addAll(rows);
        for (AlertNotice n : all) {
            if (n.alertId() == null || n.fingerprint() == null) {
                continue;
            }
            Optional<Alert> a = alerts.get(n.alertId());
            if (a.isPresent() && a.get().ackedAt() != null) {
                out.add(n.fingerprint());
            }
        }
        return out;
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
            RouteConfig route = router.routeOf(e.groupKey());
            Duration interval = route == null ? DEFAULT_REPEAT_INTERVAL : route.repeatInterval();
            if (now.isBefore(e.lastSentAt().plus(interval)) || !channels.containsKey(e.channel())) {
                continue;
            }
            boolean unacked = false;
            for (AlertNotice n : notices(e.firingJson())) {
                Optional<Alert> a = n.alertId() == null ? Optional.empty() : alerts.get(n.alertId());
                if (a.isPresent() && a.get().state() == AlertState.FIRING && a.get().ackedAt() == null) {
                    unacked = true;
                    break;
                }
            }
            if (unacked) {
                AlertNotice marker = new AlertNotice(null, null, null, "repeat", Router.groupLabels(e.groupKey()), Map.of(),
                        e.lastSentAt().toString(), null, dashboardUrl);
                repeats.add(new NewNotification(null, e.channel(), "repeat:" + e.groupKey() + ":" + e.channel() + ":"
                        + e.lastSentAt().toEpochMilli(), e.groupKey(), marker.toJson(), now));
            }
        }
        if (!repeats.isEmpty()) {
            outbox.enqueue(repeats);
        }
    }

    private static Instant earliestStart(GroupDedup.Decision d) {
        List<AlertNotice> all = new ArrayList<>(d.firing());
        all.addAll(d.resolved());
        return all.stream().map(n -> Instant.parse(n.startsAt())).min(Comparator.naturalOrder()).orElse(Instant.EPOCH);
    }

    static List<AlertNotice> notices(String json) {
        try {
            return JSON.readValue(json, NOTICES);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("notification log entry is not a notice list: " + e.getMessage(), e);
        }
    }

    static String json(List<AlertNotice> notices) {
        try {
            return JSON.writeValueAsString(notices);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
