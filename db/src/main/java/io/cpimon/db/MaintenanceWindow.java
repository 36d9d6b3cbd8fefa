package io.cpimon.db;

import java.time.Instant;
import java.util.List;

/**
 * A maintenance window of one tenant or one pair: while it runs, the silences it owns mute the target's alerts.
 * @param kind {@code tenant} or {@code pair}; @param target the tenant or pair id
 * @param comment nullable; @param silenceIds the silences that mute the target's alerts
 */
public record MaintenanceWindow(long id, String kind, String target, Instant startsAt, Instant endsAt,
                                String createdBy, String comment, Instant createdAt, List<Long> silenceIds) {
    public MaintenanceWindow {
        silenceIds = List.copyOf(silenceIds);
    }

    /** Where the window stands at {@code now}: scheduled, active or over (a silence's states). */
    public Silence.State state(Instant now) {
        if (now.isBefore(startsAt)) {
            return Silence.State.PENDING;
        }
        return now.isBefore(endsAt) ? Silence.State.ACTIVE : Silence.State.EXPIRED;
    }
}
