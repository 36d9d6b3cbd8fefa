package io.cpimon.db;

import java.time.Instant;

/**
 * One lease as stored: {@code tenant:<id>} or {@code leader}, its holder, until when and the acquisition's epoch.
 * {@code acquiredAt} is null for a row written before epochs existed. Immutable.
 */
public record LeaseRow(String name, String holder, Instant expiresAt, long epoch, Instant acquiredAt) {
    /** Whether it is held at {@code now}. */
    public boolean held(Instant now) {
        return expiresAt.isAfter(now);
    }

    public LeaseToken token() {
        return new LeaseToken(name, holder, epoch);
    }
}
