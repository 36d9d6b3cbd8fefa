package io.cpimon.db;

import java.time.Instant;
import java.util.Map;

/**
 * One alert episode. At most one alert per fingerprint is open (PENDING or FIRING).
 * @param activeAt when the condition was first seen
 * @param firingAt nullable: when it went PENDING → FIRING
 * @param lastActiveAt when the condition was last seen to hold
 * @param endsAt nullable: when it RESOLVED
 * @param ackedBy nullable; @param ackedAt nullable; @param ackComment nullable
 */
public record Alert(
        long id,
        String fingerprint,
        String rule,
        Map<String, String> labels,
        Map<String, String> annotations,
        AlertState state,
        Instant activeAt,
        Instant firingAt,
        Instant lastActiveAt,
        Instant endsAt,
        String ackedBy,
        Instant ackedAt,
        String ackComment) {

    public boolean open() {
        return state != AlertState.RESOLVED;
    }
}
