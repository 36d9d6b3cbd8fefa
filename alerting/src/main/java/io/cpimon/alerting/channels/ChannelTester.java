package io.cpimon.alerting.channels;

import io.cpimon.alerting.rules.AlertInstance;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a synthetic alert through a running channel's real formatter and peer, outside the outbox
 * ({@code POST /api/v1/channels/{name}/test}). Blocking; thread-safe when its channels are.
 */
public final class ChannelTester {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelTester.class);

    private final Map<String, Channel> channels;
    private final Clock clock;
    private final String dashboardUrl;

    /** @param dashboardUrl nullable: linked from the test notification */
    public ChannelTester(Map<String, Channel> channels, Clock clock, String dashboardUrl) {
        this.channels = Map.copyOf(channels);
        this.clock = clock;
        this.dashboardUrl = dashboardUrl;
    }

    /** @return the channel's answer, or empty when no channel of that name runs */
    public Optional<ChannelTestResult> test(String name, String requestedBy) {
        Channel channel = channels.get(name);
        if (channel == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String fingerprint = AlertInstance.fingerprint(Map.of("rule", "channel_test", "channel", name,
                "at", now.toString()));
        AlertNotice synthetic = new AlertNotice(null, fingerprint, "channel_test", NoticeStatus.FIRING,
                Map.of("rule", "channel_test", "channel", name, "severity", "info"),
                Map.of("summary", "Test notification from cpimon to channel " + name,
                        "description", "Sent by " + requestedBy + " at " + now + " through POST /api/v1/channels/"
                                + name + "/test. No action is needed."),
                now, null, dashboardUrl);
        try {
            Delivery d = channel.send(GroupNotice.single(synthetic, name, NotificationReason.TEST.text(), now));
            LOG.info("channel test of {} by {}: {}", name, requestedBy, d.getClass().getSimpleName());
            return Optional.of(ChannelTestResult.of(channel, d));
        } catch (RuntimeException e) {
            return Optional.of(ChannelTestResult.of(channel,
                    new Delivery.Retry(name + ": " + e.getClass().getSimpleName(), null)));
        }
    }
}
