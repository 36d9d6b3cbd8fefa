package io.cpimon.alerting.outbox;

import io.cpimon.alerting.channels.AlertNotice;
import io.cpimon.alerting.channels.Channel;
import io.cpimon.alerting.channels.Delivery;
import io.cpimon.alerting.channels.GroupNotice;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders the decision into one {@link GroupNotice} and lets the channel make one attempt; a channel that throws
 * is a retry. The episode start is the log's while the episode lasts, else the earliest start of the alerts told.
 */
final class SendStage implements NotificationStage {
    private final Map<String, Channel> channels;
    private final Clock clock;
    private final String dashboardUrl;

    /** @param dashboardUrl nullable */
    SendStage(Map<String, Channel> channels, Clock clock, String dashboardUrl) {
        this.channels = Map.copyOf(channels);
        this.clock = clock;
        this.dashboardUrl = dashboardUrl;
    }

    @Override
    public Optional<Flush> apply(Flush f) {
        GroupDedup.Decision decision = f.decision();
        Instant episodeStart = f.active() ? f.last().episodeStart() : earliestStart(decision);
        GroupNotice notice = new GroupNotice(f.groupKey(), f.channel(), decision.reason().text(), f.groupKey().labels(),
                decision.shownFiring(), decision.resolved(), episodeStart, f.active() ? f.last().externalRef() : null,
                dashboardUrl, f.claimedAt());
        Delivery result;
        try {
            result = channels.get(f.channel()).send(notice);
        } catch (RuntimeException e) {
            result = new Delivery.Retry(f.channel() + ": " + e.getClass().getSimpleName(), null);
        }
        return Optional.of(f.withAnswer(notice, result, clock.instant()));
    }

    private static Instant earliestStart(GroupDedup.Decision d) {
        List<AlertNotice> all = new ArrayList<>(d.firing());
        all.addAll(d.resolved());
        return all.stream().map(AlertNotice::startedAt).min(Comparator.naturalOrder()).orElse(Instant.EPOCH);
    }
}
