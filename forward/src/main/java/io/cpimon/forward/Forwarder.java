package io.cpimon.forward;

import io.cpimon.config.ForwarderConfig;
import io.cpimon.core.Backoff;
import io.cpimon.core.Lifecycle;
import io.cpimon.db.ForwardChange;
import io.cpimon.db.ForwardCursor;
import io.cpimon.db.ForwardDeadLetter;
import io.cpimon.db.ForwardLag;
import io.cpimon.db.ForwardPosition;
import io.cpimon.db.ForwardStore;
import io.cpimon.forward.row.EncodedRow;
import io.cpimon.forward.row.MplRowSchema;
import io.cpimon.forward.sink.LogSink;
import io.cpimon.forward.sink.SendOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One forwarder: reads the stored MPL changes after its durable cursor, page by page, keeps those its filters let
 * through, packs them into batches of at most {@code batchBytes} and sends them in order; the cursor moves only after
 * the peer acknowledged a batch, so a restart or a crash re-sends at most the batch in flight. A refused batch (400,
 * 413) is halved down to one row, and a row refused alone, or too large to send at all, becomes a dead letter with
 * the peer's answer; 429/5xx/I-O wait (honouring {@code Retry-After}) and retry; 401/403/404 stop the forwarder,
 * which records why on its cursor (the {@code forward_failed} rule reads it there).
 * While a full page is sent, the next one is read and encoded on a second virtual thread (dropped on any failure).
 * Runs on its own virtual thread and only reads the store: it never slows ingest or another forwarder.
 * {@link #status()} may be called from any thread.
 */
public final class Forwarder implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
    /** Lag counts stop here: an exact count of a large backlog costs more than it tells. */
    public static final int LAG_CAP = 1_000_000;
    /** Changes read per page. */
    static final int PAGE = 5_000;
    /** Dead letters keep at most this much of the row. */
    private static final int MAX_DEAD_ROW = 8_000;

    private final ForwarderConfig config;
    private final ForwardStore store;
    private final LogSink sink;
    private final MplRowSchema schema;
    private final Clock clock;
    private final Duration idle;
    private final Backoff backoff;
    private final Pacer pacer;
    private final Set<String> statuses;
    private final Set<String> tenants;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong dead = new AtomicLong();
    private volatile boolean closed;
    private volatile Thread thread;
    private volatile ForwardPosition position = ForwardPosition.START;
    private volatile String stopped;
    private volatile String lastError;
    /** Where read-ahead pages are read: a virtual thread each. */
    private final Executor readAhead = task -> Thread.ofVirtual().name(name() + "-read").start(task);
    private long windowStart;
    private long windowRows;

    /**
     * @param idle how long to wait when there is nothing to forward
     */
    public Forwarder(ForwarderConfig config, ForwardStore store, LogSink sink, MplRowSchema schema, Clock clock,
            Duration idle, Backoff backoff) {
        this(config, store, sink, schema, clock, idle, backoff, Pacer.REAL_TIME);
    }

    /**
     * @param idle how long to wait when there is nothing to forward
     * @param pacer how the idle and backoff waits pass ({@link Pacer#REAL_TIME} but in tests)
     */
    public Forwarder(ForwarderConfig config, ForwardStore store, LogSink sink, MplRowSchema schema, Clock clock,
            Duration idle, Backoff backoff, Pacer pacer) {
        this.pacer = pacer;
        this.config = config;
        this.store = store;
        this.sink = sink;
        this.schema = schema;
        this.clock = clock;
        this.idle = idle;
        this.backoff = backoff;
        this.statuses = Set.copyOf(config.statuses());
        this.tenants = Set.copyOf(config.tenants());
    }

    @Override
    public String name() {
        return "forward-" + config.name();
    }

    /** The configured name (the cursor's). */
    public String forwarderName() {
        return config.name();
    }

    public ForwarderConfig config() {
        return config;
    }

    @Override
    public void start() {
        thread = Thread.ofVirtual().name(name()).start(() -> {
            MDC.put("forwarder", config.name());
            loop();
        });
    }

    @Override
    public Check check() {
        return stopped == null ? Check.UP : Check.down(stopped);
    }

    /** The current status; reads the cursor, the lag and the dead letters from the store (blocking). */
    public ForwarderStatus status() {
        ForwardCursor cursor = store.cursor(config.name());
        ForwardLag lag = store.lag(cursor.position(), LAG_CAP);
        Instant now = clock.instant();
        long lagSeconds = lag.oldestPending() == null ? 0
                : Math.max(0, Duration.between(lag.oldestPending(), now).toSeconds());
        return new ForwarderStatus(config.name(), config.type(), cursor.position(), cursor.positionAt(), lag.rows(),
                lagSeconds, cursor.lastSuccess(), cursor.lastError() != null ? cursor.lastError() : lastError, stopped,
                lagSeconds > config.maxLag().toSeconds(), sent.get(), retried.get(), dead.get(),
                store.deadLetterCount(config.name()), cursor.gapRows(), cursor.gapAt());
    }

    /** The newest {@code limit} dead letters of this forwarder, newest first (blocking: reads the store). */
    public List<ForwardDeadLetter> deadLetters(int limit) {
        return store.deadLetters(config.name(), limit);
    }

    /** Rows acknowledged by the peer since start. */
    public long rowsSent() {
        return sent.get();
    }

    /** Rows sent again after a failed attempt since start. */
    public long rowsRetried() {
        return retried.get();
    }

    /** Rows given up on since start. */
    public long rowsDead() {
        return dead.get();
    }

    /** Why the forwarder stopped for good; null while it runs. */
    public String stopped() {
        return stopped;
    }

    private void loop() {
        int failures = 0;
        boolean positioned = false;
        CompletableFuture<Page> next = null;
        while (!closed) {
            Duration wait;
            try {
                if (!positioned) {
                    position = store.cursor(config.name()).position();
                    // a stop recorded by an earlier run is over: this run tries again (forward_failed resolves)
                    store.recordStopped(config.name(), null, clock.instant());
                    positioned = true;
                }
                Page page = next == null ? null : next.join();
                next = null;
                if (page == null || !page.after().equals(position)) {
                    page = read(position);
                }
                if (page.full()) {
                    // read and encode the next page while this one is sent: a read depends on the position only, and
                    // a page sent in full ends at its last change; any failure drops the read-ahead page
                    ForwardPosition after = page.last();
                    next = CompletableFuture.supplyAsync(() -> read(after), readAhead);
                }
                if (!page.changes().isEmpty()) {
                    forward(page);
                }
                failures = 0;
                lastError = null;
                wait = page.full() ? Duration.ZERO : idle;
            } catch (RetryLater e) {
                next = drop(next);
                failures++;
                wait = backoff.delay(failures, e.retryAfter);
                fail(e.getMessage());
            } catch (Stop e) {
                drop(next);
                stopped = e.getMessage();
                LOG.error("{}: stopped: {}", name(), e.getMessage());
                recordError(e.getMessage());
                recordStopped(e.getMessage());
                return;
            } catch (RuntimeException e) {
                next = drop(next);
                failures++;
                wait = backoff.delay(failures, null);
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                fail(cause.getClass().getSimpleName() + ": " + cause.getMessage());
            }
            pause(wait);
        }
        drop(next);
    }

    /** The changes after {@code after}, with the rows of those the filters let through. */
    private Page read(ForwardPosition after) {
        List<ForwardChange> changes = store.changesAfter(after, PAGE);
        List<EncodedRow> rows = new ArrayList<>(changes.size());
        for (ForwardChange change : changes) {
            rows.add(matches(change) ? schema.encode(change) : null);
        }
        return new Page(after, changes, rows);
    }

    /** Waits for a read-ahead page to end and forgets it (its reads hold a connection); always null. */
    private static CompletableFuture<Page> drop(CompletableFuture<Page> next) {
        if (next != null) {
            try {
                next.join();
            } catch (RuntimeException e) {
                LOG.debug("read-ahead page dropped", e);
            }
        }
        return null;
    }

    private void fail(String error) {
        if (!error.equals(lastError)) {
            LOG.warn("{}: {}", name(), error);
        }
        lastError = error;
        recordError(error);
    }

    private void recordError(String error) {
        try {
            store.recordError(config.name(), error, clock.instant());
        } catch (RuntimeException e) {
            LOG.debug("{}: cannot record the error", name(), e);
        }
    }

    /** Keeps the stop on the cursor, where the {@code forward_failed} rule reads it. */
    private void recordStopped(String reason) {
        try {
            store.recordStopped(config.name(), reason, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot record the stop", name(), e);
        }
    }

    private void pause(Duration wait) {
        pacer.pause(wait, () -> closed);
    }

    /** Sends one page in batches; moves the cursor after each acknowledged batch and past the page's last change. */
    void forward(Page page) {
        List<EncodedRow> batch = new ArrayList<>();
        List<ForwardDeadLetter> deadLetters = new ArrayList<>();
        int bytes = 2;
        int maxRows = config.maxRowsPerSecond() > 0 ? config.maxRowsPerSecond() : Integer.MAX_VALUE;
        for (EncodedRow row : page.rows()) {
            if (row == null) {
                continue;
            }
            if (row.json().length + 2 > config.batchBytes()) {
                deadLetters.add(deadLetter(row, "row of " + row.json().length + " bytes exceeds the "
                        + config.batchBytes() + " bytes of one call; not sent"));
                continue;
            }
            if (!batch.isEmpty() && (bytes + 1 + row.json().length > config.batchBytes() || batch.size() >= maxRows)) {
                sendAndAdvance(batch, deadLetters);
                batch = new ArrayList<>();
                deadLetters = new ArrayList<>();
                bytes = 2;
            }
            batch.add(row);
            bytes += row.json().length + (batch.size() > 1 ? 1 : 0);
        }
        if (!batch.isEmpty()) {
            sendAndAdvance(batch, deadLetters);
            deadLetters = new ArrayList<>();
        }
        ForwardChange last = page.changes().get(page.changes().size() - 1);
        if (last.position().compareTo(position) > 0) {
            store.advance(config.name(), last.position(), last, deadLetters, clock.instant());
            dead.addAndGet(deadLetters.size());
            position = last.position();
        }
    }

    private boolean matches(ForwardChange change) {
        return (statuses.isEmpty() || statuses.contains(change.mpl().status()))
                && (tenants.isEmpty() || tenants.contains(change.mpl().tenantId()));
    }

    private void sendAndAdvance(List<EncodedRow> batch, List<ForwardDeadLetter> deadLetters) {
        throttle(batch.size());
        send(batch, deadLetters);
        ForwardChange last = batch.get(batch.size() - 1).change();
        store.advance(config.name(), last.position(), last, deadLetters, clock.instant());
        dead.addAndGet(deadLetters.size());
        position = last.position();
    }

    /** Sends {@code rows}, halving refused batches; rows refused alone are added to {@code deadLetters}. */
    private void send(List<EncodedRow> rows, List<ForwardDeadLetter> deadLetters) {
        SendOutcome outcome = sink.send(rows);
        switch (outcome) {
            case SendOutcome.Accepted a -> sent.addAndGet(rows.size());
            case SendOutcome.Refused r -> {
                if (rows.size() == 1) {
                    deadLetters.add(deadLetter(rows.get(0), r.answer()));
                } else {
                    int half = rows.size() / 2;
                    send(rows.subList(0, half), deadLetters);
                    send(rows.subList(half, rows.size()), deadLetters);
                }
            }
            case SendOutcome.Retry r -> {
                retried.addAndGet(rows.size());
                throw new RetryLater(r.reason(), r.retryAfter());
            }
            case SendOutcome.Fatal f -> throw new Stop(f.reason());
        }
    }

    private ForwardDeadLetter deadLetter(EncodedRow row, String answer) {
        String text = new String(row.json(), StandardCharsets.UTF_8);
        if (text.length() > MAX_DEAD_ROW) {
            text = text.substring(0, MAX_DEAD_ROW) + "…";
        }
        ForwardChange c = row.change();
        return new ForwardDeadLetter(0, config.name(), c.mpl().tenantId(), c.mpl().messageGuid(), c.mpl().status(),
                c.position(), text, answer, clock.instant());
    }

    /** Keeps {@code maxRowsPerSecond}: waits until this batch fits into the current second's budget. */
    private void throttle(int rows) {
        int limit = config.maxRowsPerSecond();
        if (limit <= 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - windowStart >= 1_000_000_000L) {
            windowStart = now;
            windowRows = 0;
        }
        if (windowRows + rows > limit) {
            pause(Duration.ofNanos(windowStart + 1_000_000_000L - now));
            windowStart = System.nanoTime();
            windowRows = 0;
        }
        windowRows += rows;
    }

    @Override
    public void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sink.close();
    }

    /**
     * Changes read after {@code after} and their rows, index by index (null: filtered out).
     */
    record Page(ForwardPosition after, List<ForwardChange> changes, List<EncodedRow> rows) {
        /** A full page: more changes may follow at once. */
        boolean full() {
            return changes.size() >= PAGE;
        }

        ForwardPosition last() {
            return changes.get(changes.size() - 1).position();
        }
    }

    /** Try again later. */
    private static final class RetryLater extends RuntimeException {
        private final transient Duration retryAfter;

        RetryLater(String message, Duration retryAfter) {
            super(message, null, false, false);
            this.retryAfter = retryAfter;
        }
    }

    /** Retrying cannot help. */
    private static final class Stop extends RuntimeException {
        Stop(String message) {
            super(message, null, false, false);
        }
    }
}
