package io.cpimon.db;

import java.time.Instant;

/** One cpimon instance as its last heartbeat left it. Immutable; no field is null. */
public record InstanceRow(String instanceId, Instant startedAt, Instant heartbeatAt, Instant expiresAt) {
    /** Whether its heartbeat is still valid at {@code now}. */
    public boolean alive(Instant now) {
        return expiresAt.isAfter(now);
    }
}
