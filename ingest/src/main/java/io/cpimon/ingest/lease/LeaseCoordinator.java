package io.cpimon.ingest.lease;

import io.cpimon.core.Backoff;
import io.cpimon.core.Leadership;
import io.cpimon.core.Lifecycle;
import io.cpimon.core.PeriodicWorker;
import io.cpimon.db.InstanceRow;
import io.cpimon.db.LeaseRow;
import io.cpimon.db.LeaseStore;
import io.cpimon.db.LeaseToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance's side of sharing a database with other instances. Every round (a sixth of the lease TTL) it writes
 * its heartbeat, renews its leases, takes the leader lease when it is free or expired, and moves its share of the
 * tenants towards {@code ceil(tenants / live instances)}: it gives surplus tenants up (their running poll finishes
 * first, then the lease is released for another to take at once) and takes free or expired tenant leases while it
 * holds fewer. A lease another instance took over is dropped at once. Every time comes from the injected clock.
 * A round never waits for a slow poll: a tenant given up drains on a virtual thread of its own (its loops stop, a
 * running poll may finish within half the TTL) while the rounds keep renewing its lease, which is released as soon
 * as the drain ends; a round that waited for the drains could outlast the TTL and lose every lease of this instance.
 * {@link #round()}, {@link #start()} and {@link #close()} are synchronized; {@link #leads()} and {@link #check()} any
 * thread, without blocking.
 */
public final class LeaseCoordinator implements Lifecycle, Leadership {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseCoordinator.class);
    /** The leader lease's name. */
    public static final String LEADER = "leader";
    /** The prefix of a tenant lease's name. */
    public static final String TENANT = "tenant:";
    /** Instance rows expired longer ago than this are forgotten. */
    private static final Duration FORGET_AFTER = Duration.ofHours(1);

    private final LeaseStore store;
    private final String instanceId;
    private final Duration ttl;
    private final Clock clock;
    private final LeasedTenants tenants;
    private final Instant startedAt;
    /** Guarded by {@code this}: tenant id → the token of its lease. */
    private final Map<String, LeaseToken> held = new TreeMap<>();
    /** Guarded by {@code this}: tenants given up whose loops are still stopping → the end of their drain. */
    private final Map<String, CompletableFuture<Void>> draining = new TreeMap<>();
    /** Where the drains and the releases after them run: a virtual thread each. */
    private static final Executor DRAINS = r -> Thread.ofVirtual().name("lease-drain").start(r);
    /** Guarded by {@code this}: the leader lease's token, null when another instance leads. */
    private LeaseToken leaderToken;
    /** Until when this instance leads for sure; null when it does not. */
    private volatile Instant leaderUntil;
    private volatile int heldCount;
    private PeriodicWorker worker;
    /** Guarded by {@code this}: no round runs after {@link #close()}. */
    private boolean closed;
    /** "host-" when this instance's id is the default one (host name and pid), else null. */
    private final String hostPrefix;

    public LeaseCoordinator(LeaseStore store, String instanceId, Duration ttl, Clock clock, LeasedTenants tenants) {
        this.store = Objects.requireNonNull(store, "store");
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = clock;
        this.tenants = tenants;
        this.startedAt = clock.instant();
        String pidSuffix = "-" + ProcessHandle.current().pid();
        this.hostPrefix = instanceId.endsWith(pidSuffix)
                ? instanceId.substring(0, instanceId.length() - pidSuffix.length() + 1) : null;
    }

    /** The default instance id: host name and process id. */
    public static String defaultInstanceId(String hostName) {
        return hostName + "-" + ProcessHandle.current().pid();
    }

    @Override
    public String name() {
        return "leases";
    }

    public String instanceId() {
        return instanceId;
    }

    /** Runs the first round (so this instance holds its share before the next component starts), then every round. */
    @Override
    public synchronized void start() {
        round();
        Duration every = roundInterval();
        worker = new PeriodicWorker("leases", every, Backoff.of(every, every), this::round).start();
    }

    /** How often a round runs: a sixth of the TTL, so a killed holder's tenants move within the TTL and a round. */
    Duration roundInterval() {
        return ttl.dividedBy(6);
    }

    /** One round: heartbeat, renewals, leader, rebalance. */
    public synchronized void round() {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        Instant until = now.plus(ttl);
        store.heartbeat(instanceId, startedAt, now, until);
        reapDeadNeighbours(now);
        List<String> configured = tenants.configuredTenants();
        List<CompletableFuture<Void>> drains = new ArrayList<>();
        for (String t : List.copyOf(held.keySet())) {
            if (!configured.contains(t)) {
                drains.add(giveUp(t, "no longer configured"));
            }
        }
        renew(until);
        if (leaderToken == null) {
            store.acquire(LEADER, instanceId, now, until).ifPresent(token -> {
                leaderToken = token;
                leaderUntil = until;
                LOG.info("{} leads (epoch {}): rule evaluation and retention run here", instanceId, token.epoch());
            });
        }
        long live = store.instances().stream().filter(i -> i.alive(now)).count();
        int share = share(configured.size(), (int) Math.max(1, live));
        if (held.size() > share) {
            List<String> surplus = new ArrayList<>(held.keySet()).subList(share, held.size());
            for (String t : List.copyOf(surplus)) {
                drains.add(giveUp(t, "rebalanced to " + live + " instance(s)"));
            }
        } else if (held.size() < share) {
            take(configured, share, now, until);
        }
        heldCount = held.size();
        // quick drains (no poll running) free their leases within this round; slow ones when they end
        awaitAll(drains, roundInterval().dividedBy(2));
        releaseDrained();
    }

    /** Waits up to {@code atMost} for every one of {@code drains}; returns early when interrupted. */
    private static void awaitAll(List<CompletableFuture<Void>> drains, Duration atMost) {
        if (drains.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(drains.toArray(CompletableFuture[]::new)).get(atMost.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a drain still running is released when it ends; a failed one was logged by it
        }
    }

    /** Releases the leases of the tenants whose drain has ended, so that another instance may take them at once. */
    private synchronized void releaseDrained() {
        for (var it = draining.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, CompletableFuture<Void>> e = it.next();
            if (e.getValue().isDone()) {
                String tenantId = e.getKey(); // before remove(): a TreeMap may reuse the entry for its successor
                it.remove();
                try {
                    store.release(instanceId, TENANT + tenantId, clock.instant());
                    LOG.info("{} released tenant {}", instanceId, tenantId);
                } catch (RuntimeException failure) {
                    // not renewed any more: the lease expires on its own after the TTL
                    LOG.warn("{}: releasing tenant {} failed: {}", instanceId, tenantId, failure.toString());
                }
            }
        }
    }

    /**
     * Frees at once the leases of an instance that ran on this host under a default id and whose process has ended
     * (a kill -9 followed by a restart under a new process id), instead of waiting for them to expire: the restarted
     * instance then polls its tenants again within a round, not a TTL.
     */
    private void reapDeadNeighbours(Instant now) {
        if (hostPrefix == null) {
            return;
        }
        for (InstanceRow other : store.instances()) {
            String id = other.instanceId();
            if (!other.alive(now) || id.equals(instanceId) || !deadOnThisHost(id)) {
                continue;
            }
            for (LeaseRow row : store.leases()) {
                if (row.holder().equals(id)) {
                    store.release(id, row.name(), now);
                }
            }
            store.leave(id, now.minus(FORGET_AFTER));
            LOG.info("{}: instance {} ran on this host and its process has ended; its leases are free", instanceId,
                    id);
        }
    }

    /** Whether {@code id} is a default id of this host whose process no longer runs. */
    private boolean deadOnThisHost(String id) {
        if (!id.startsWith(hostPrefix)) {
            return false;
        }
        String pid = id.substring(hostPrefix.length());
        if (pid.isEmpty() || !pid.chars().allMatch(Character::isDigit) || pid.length() > 18) {
            return false;
        }
        return ProcessHandle.of(Long.parseLong(pid)).map(p -> !p.isAlive()).orElse(true);
    }

    /** Each live instance's fair share of {@code tenants}: every tenant fits, none holds two more than another. */
    static int share(int tenants, int liveInstances) {
        return (tenants + liveInstances - 1) / liveInstances;
    }

    private void renew(Instant until) {
        List<String> names = new ArrayList<>();
        held.keySet().forEach(t -> names.add(TENANT + t));
        // a tenant still draining keeps its lease until its running poll has ended
        draining.keySet().forEach(t -> names.add(TENANT + t));
        if (leaderToken != null) {
            names.add(LEADER);
        }
        Set<String> renewed = store.renew(instanceId, names, until);
        for (String t : List.copyOf(held.keySet())) {
            if (!renewed.contains(TENANT + t)) {
                LOG.warn("{}: the lease of tenant {} was taken over; its loops stop", instanceId, t);
                held.remove(t);
                tenants.drop(t, Duration.ZERO);
            }
        }
        if (leaderToken != null) {
            if (renewed.contains(LEADER)) {
                leaderUntil = until;
            } else {
                LOG.warn("{}: another instance took the leader lease", instanceId);
                leaderToken = null;
                leaderUntil = null;
            }
        }
    }

    /**
     * Takes free or expired tenant leases until this instance holds {@code share}, in one {@link LeaseStore#acquireAll}
     * (a lease another instance took meanwhile is left out; the next round looks for another).
     */
    private void take(List<String> configured, int share, Instant now, Instant until) {
        Map<String, LeaseRow> rows = store.leases().stream()
                .collect(Collectors.toMap(LeaseRow::name, r -> r, (a, b) -> a, HashMap::new));
        // start at a place of its own in the list, so that instances taking at once rarely race for the same row
        int offset = Math.floorMod(instanceId.hashCode(), Math.max(1, configured.size()));
        List<String> wanted = new ArrayList<>();
        for (int i = 0; i < configured.size() && held.size() + wanted.size() < share; i++) {
            String t = configured.get((offset + i) % configured.size());
            LeaseRow row = rows.get(TENANT + t);
            if (held.containsKey(t) || draining.containsKey(t)
                    || row != null && row.held(now) && !row.holder().equals(instanceId)) {
                continue;
            }
            wanted.add(t);
        }
        Map<String, LeaseToken> taken = store.acquireAll(wanted.stream().map(t -> TENANT + t).toList(), instanceId,
                now, until);
        for (String t : wanted) {
            LeaseToken token = taken.get(TENANT + t);
            if (token == null) {
                continue;
            }
            LeaseRow row = rows.get(TENANT + t);
            held.put(t, token);
            if (tenants.hold(t, token)) {
                LOG.info("{} holds tenant {} (epoch {}{})", instanceId, t, token.epoch(),
                        row == null || row.holder().equals(instanceId) ? "" : ", from " + row.holder());
            }
        }
    }

    /**
     * Starts stopping a tenant's loops on a thread of its own (a running poll may finish within half the TTL); its
     * lease is renewed until then and released right after (by {@link #releaseDrained()}).
     * @return the end of the drain
     */
    private CompletableFuture<Void> giveUp(String tenantId, String why) {
        held.remove(tenantId);
        LOG.info("{} gives tenant {} up: {}", instanceId, tenantId, why);
        CompletableFuture<Void> drain = CompletableFuture.runAsync(() -> tenants.drop(tenantId, ttl.dividedBy(2)),
                DRAINS);
        draining.put(tenantId, drain);
        drain.whenCompleteAsync((ok, failure) -> {
            if (failure != null) {
                LOG.warn("{}: stopping the loops of tenant {} failed: {}", instanceId, tenantId, failure.toString());
            }
            releaseDrained();
        }, DRAINS);
        return drain;
    }

    @Override
    public boolean leads() {
        Instant until = leaderUntil;
        return until != null && clock.instant().isBefore(until);
    }

    /** The tenants whose leases this instance holds. */
    public synchronized Set<String> heldTenants() {
        return Set.copyOf(held.keySet());
    }

    @Override
    public Check check() {
        return new Check(true, instanceId + ": " + heldCount + " tenant(s)" + (leads() ? ", leader" : ""));
    }

    /** Stops the rounds, gives every tenant up (running polls finish first), frees the leader lease, leaves. */
    @Override
    public void close() {
        PeriodicWorker w;
        synchronized (this) {
            closed = true;
            w = worker;
            worker = null;
        }
        if (w != null) {
            w.closeAfterRun(ttl);
        }
        synchronized (this) {
            leaveAll();
        }
    }

    private void leaveAll() {
        try {
            for (String t : List.copyOf(held.keySet())) {
                giveUp(t, "shutting down");
            }
            // every running poll may finish (they stop in parallel), then every lease is freed, drained or not
            awaitAll(List.copyOf(draining.values()), ttl.dividedBy(2).plusSeconds(1));
            for (String t : List.copyOf(draining.keySet())) {
                draining.remove(t);
                store.release(instanceId, TENANT + t, clock.instant());
            }
            if (leaderToken != null) {
                leaderToken = null;
                leaderUntil = null;
                store.release(instanceId, LEADER, clock.instant());
            }
            store.leave(instanceId, clock.instant().minus(FORGET_AFTER));
        } catch (RuntimeException e) {
            // the leases then expire on their own after the TTL
            LOG.warn("{}: releasing leases at shutdown failed: {}", instanceId, e.toString());
        }
        heldCount = 0;
    }
}
