package io.cpimon.alerting.outbox;

import java.util.Optional;
import java.util.Set;

/** Rows for a channel that is not configured (any more) are dead at once: nothing could send them. */
final class ChannelStage implements NotificationStage {
    private final Set<String> channels;
    private final DeadLetters dead;

    ChannelStage(Set<String> channels, DeadLetters dead) {
        this.channels = Set.copyOf(channels);
        this.dead = dead;
    }

    @Override
    public Optional<Flush> apply(Flush f) {
        if (channels.contains(f.channel())) {
            return Optional.of(f);
        }
        dead.bury(f, f.claimedAt(), "no channel named '" + f.channel() + "' is configured");
        return Optional.empty();
    }
}
