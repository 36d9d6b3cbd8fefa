package io.cpimon.db;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The instances sharing this database and the leases they hold. Every time is the caller's (its injected clock), so
 * instances must keep their clocks in step to well under a lease's TTL. Thread-safe, blocking.
 */
public interface LeaseStore {
    /** Writes {@code instanceId}'s heartbeat: alive until {@code expiresAt}. */
    void heartbeat(String instanceId, Instant startedAt, Instant now, Instant expiresAt);

    /** Every instance row, by id. */
    List<InstanceRow> instances();

    /** Removes an instance's row (a clean shutdown) and every row that expired before {@code forgetBefore}. */
    void leave(String instanceId, Instant forgetBefore);

    /**
     * Takes the lease {@code name} for {@code holder} until {@code expiresAt} when it is free, expired at {@code now} or
     * already {@code holder}'s; every acquisition increments its epoch.
     * @return the token, or empty when another instance holds it
     */
    Optional<LeaseToken> acquire(String name, String holder, Instant now, Instant expiresAt);

    /**
     * {@link #acquire} of every lease in {@code names} (distinct), as one operation where the store can: an instance
     * starting with a thousand tenants takes their leases in one round trip, not a thousand.
     * @return the tokens of the leases taken, by name; a name left out is held by another instance
     */
    default Map<String, LeaseToken> acquireAll(Collection<String> names, String holder, Instant now, Instant expiresAt) {
        Map<String, LeaseToken> taken = new LinkedHashMap<>();
        for (String name : names) {
            acquire(name, holder, now, expiresAt).ifPresent(token -> taken.put(name, token));
        }
        return taken;
    }

    /**
     * Extends the leases in {@code names} that {@code holder} still holds (an expired one nobody took counts).
     * @return the names renewed: a name left out was taken by another instance
     */
    Set<String> renew(String holder, Collection<String> names, Instant expiresAt);

    /** Frees {@code holder}'s lease {@code name} at {@code now}, so another instance may take it at once. */
    void release(String holder, String name, Instant now);

    /** Every lease row, by name. */
    List<LeaseRow> leases();
}
