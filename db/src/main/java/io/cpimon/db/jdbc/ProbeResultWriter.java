package io.cpimon.db.jdbc;

import io.cpimon.db.DataAccessException;
import io.cpimon.db.ProbeResult;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes the probe results of many tenants in one multi-row {@code INSERT} (a group commit): every {@link #write}
 * waits until its result is stored, as a single insert would, so whoever reads after it returns (the probe rules, on
 * the probe's event; another instance, on its relayed change) sees it. Results that may change what a probe rule sees
 * (a failure, or a tenant's first success after a failure or after a restart) are written at once, together with
 * whatever waits; a success after a success lingers up to {@link #LINGER} for others to join it, but only while results
 * arrive at {@link #BUSY_PER_SECOND} or more a second (a few tenants gain nothing from waiting, and a caller that
 * probes one tenant after another would wait the whole linger each time): a healthy fleet of 1,000 tenants probed
 * every 10 s makes about ten inserts a second instead of a hundred. {@link #close()} stores every
 * result still waiting before it returns, so a result whose {@code write} began is never lost on shutdown.
 * Thread-safe: any number of (virtual) threads call {@code write}; one virtual thread of its own inserts.
 */
final class ProbeResultWriter implements AutoCloseable {
    /** How long a steady success may wait for others before it is inserted. */
    static final Duration LINGER = Duration.ofMillis(100);
    /** From this many results a second on, a steady success lingers for others. */
    static final int BUSY_PER_SECOND = 50;
    private static final long SECOND_NANOS = 1_000_000_000L;
    /** At most this many results per statement. */
    static final int MAX_BATCH = 1_000;
    private static final String INSERT = "INSERT INTO probe_result (tenant_id, at, up, status_code, latency_millis, error)"
            + " SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS timestamptz[]), CAST(? AS boolean[]),"
            + " CAST(? AS integer[]), CAST(? AS bigint[]), CAST(? AS text[]))";

    private record Pending(ProbeResult result, CompletableFuture<Void> stored) {}

    private final JdbcTransactions tx;
    private final Duration linger;
    private final int busyPerSecond;
    /** Guarded by {@code lock}: the arrival rate, counted per second (this one and the one before). */
    private long windowStart = System.nanoTime();
    private int inWindow;
    private int previousWindow;
    private final AtomicLong inserts = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    /** Guarded by {@code lock}. */
    private List<Pending> queue = new ArrayList<>();
    /** Guarded by {@code lock}: whether a waiting result is to be written at once. */
    private boolean urgent;
    /** Guarded by {@code lock}. */
    private boolean closed;
    /** Per tenant, whether its last stored result was up: a success after a success may linger. */
    private final Map<String, Boolean> lastUp = new ConcurrentHashMap<>();
    private final Thread inserter;

    ProbeResultWriter(JdbcTransactions tx) {
        this(tx, LINGER, BUSY_PER_SECOND);
    }

    /**
     * @param linger        how long a steady success may wait for others (tests: long, to see what ends the wait)
     * @param busyPerSecond from how many results a second on a steady success lingers (0: always)
     */
    ProbeResultWriter(JdbcTransactions tx, Duration linger, int busyPerSecond) {
        this.tx = tx;
        this.linger = linger;
        this.busyPerSecond = busyPerSecond;
        this.inserter = Thread.ofVirtual().name("probe-result-writer").start(this::run);
    }

    /**
     * Stores {@code result}; returns once it is committed. Blocking (at most about {@link #LINGER} plus one insert).
     * @throws DataAccessException when the insert failed or the writer is closed
     */
    void write(ProbeResult result) {
        Objects.requireNonNull(result.tenantId(), "tenantId");
        Objects.requireNonNull(result.at(), "at");
        Pending p = new Pending(result, new CompletableFuture<>());
        boolean now = !result.up() || !Boolean.TRUE.equals(lastUp.get(result.tenantId()));
        lock.lock();
        try {
            if (closed) {
                throw new DataAccessException("the probe result writer is closed", null);
            }
            queue.add(p);
            count();
            urgent |= now || !busy();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            p.stored().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof DataAccessException d ? d
                    : new DataAccessException("storing a probe result failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataAccessException("interrupted while its probe result was stored", e);
        }
        lastUp.put(result.tenantId(), result.up());
    }

    private void run() {
        while (true) {
            List<Pending> batch = next();
            if (batch == null) {
                return;
            }
            try {
                insert(batch);
                batch.forEach(p -> p.stored().complete(null));
            } catch (RuntimeException e) {
                batch.forEach(p -> p.stored().completeExceptionally(e));
            }
        }
    }

    /** The next results to insert: waits for one, then lingers unless one is urgent; null once closed and drained. */
    private List<Pending> next() {
        lock.lock();
        try {
            while (queue.isEmpty() && !closed) {
                arrived.awaitUninterruptibly();
            }
            if (queue.isEmpty()) {
                return null;
            }
            long deadline = System.nanoTime() + linger.toNanos();
            long left = linger.toNanos();
            while (!urgent && !closed && queue.size() < MAX_BATCH && left > 0) {
                try {
                    arrived.awaitNanos(left);
                } catch (InterruptedException e) {
                    closed = true;
                }
                left = deadline - System.nanoTime();
            }
            List<Pending> batch;
            if (queue.size() <= MAX_BATCH) {
                batch = queue;
                queue = new ArrayList<>();
            } else {
                batch = new ArrayList<>(queue.subList(0, MAX_BATCH));
                queue = new ArrayList<>(queue.subList(MAX_BATCH, queue.size()));
            }
            urgent = !queue.isEmpty() && urgent;
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Counts one arrival in the current second. Under {@code lock}. */
    private void count() {
        long t = System.nanoTime();
        if (t - windowStart >= SECOND_NANOS) {
            previousWindow = t - windowStart < 2 * SECOND_NANOS ? inWindow : 0;
            windowStart = t;
            inWindow = 0;
        }
        inWindow++;
    }

    /** Whether results arrive fast enough for a linger to gather others. Under {@code lock}. */
    private boolean busy() {
        return Math.max(inWindow, previousWindow) >= busyPerSecond;
    }

    /** How many results wait to be inserted. */
    int waiting() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** How many statements this writer ran. */
    long inserts() {
        return inserts.get();
    }

    private void insert(List<Pending> batch) {
        int n = batch.size();
        String[] tenants = new String[n];
        String[] at = new String[n];
        Boolean[] up = new Boolean[n];
        Integer[] status = new Integer[n];
        Long[] latency = new Long[n];
        String[] error = new String[n];
        for (int i = 0; i < n; i++) {
            ProbeResult r = batch.get(i).result();
            tenants[i] = r.tenantId();
            at[i] = r.at().toString();
            up[i] = r.up();
            status[i] = r.statusCode();
            latency[i] = r.latencyMillis();
            error[i] = r.error();
        }
        tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                Array[] arrays = {c.createArrayOf("text", tenants), c.createArrayOf("text", at),
                    c.createArrayOf("bool", up), c.createArrayOf("int4", status), c.createArrayOf("int8", latency),
                    c.createArrayOf("text", error)};
                for (int i = 0; i < arrays.length; i++) {
                    ps.setArray(i + 1, arrays[i]);
                }
                inserts.incrementAndGet();
                return ps.executeUpdate();
            }
        });
    }

    /** Stores every result still waiting, then stops; later writes fail. Blocking (at most about 10 s). */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            inserter.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
