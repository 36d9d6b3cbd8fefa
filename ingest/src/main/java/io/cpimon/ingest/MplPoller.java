package io.cpimon.ingest;

import io.cpimon.config.CpimonConfig.PollConfig;
import io.cpimon.core.ChangeNotifier;
import io.cpimon.db.DataAccessException;
import io.cpimon.db.LeaseLostException;
import io.cpimon.db.LeaseToken;
import io.cpimon.db.MplRecord;
import io.cpimon.db.MplStore;
import io.cpimon.db.MplStore.CursorAdvance;
import io.cpimon.db.MplStore.ErrorText;
import io.cpimon.db.MplStore.UpsertResult;
import io.cpimon.db.PollCursor;
import io.cpimon.db.PollCursorStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.function.IntSupplier;

/**
 * Pulls one tenant's MPLs incrementally. Each poll runs four steps:
 * <ol>
 * <li>asks for every MPL whose {@code LogEnd} ("last updated") is at or after the committed watermark minus
 * the overlap, ordered by LogEnd, page by page (keyset paging on LogEnd, see {@link Watermark#nextBound});
 * every page is upserted together with the watermark it covers in one transaction, so a crash or an error
 * between pages loses nothing and duplicates nothing;</li>
 * <li>every {@link #NULL_DATES_EVERY} also asks for the entries with a null LogEnd (RETRY entries of deleted JMS
 * queues), which no date filter returns;</li>
 * <li>re-reads by GUID, at most {@link #RECHECKS_PER_POLL} per poll, messages that have not ended and fell out
 * of the overlap window, each at most every {@link #RECHECK_EVERY}, so a stuck message is known to be stuck;</li>
 * <li>fetches {@code ErrorInformation/$value} once for FAILED/ESCALATED messages that have none yet (chosen
 * in the database, so a restart neither refetches nor forgets), never for DISCARDED ones, up to
 * {@link #ERROR_TEXT_REQUESTS} at a time.</li>
 * </ol>
 * Each step fails on its own: the first step's status is the stream {@link #STREAM}, the others' the streams
 * {@link #NULL_DATES}, {@link #RECHECKS} and {@link #ERROR_TEXTS}; what a failed step missed it does next poll. A
 * failure that says the tenant cannot be reached, refuses the credentials or asks to wait ({@link #endsPoll}) ends
 * the poll, since the remaining steps would meet it too. Throttled and unavailable answers are first retried in
 * place by {@link CpiClient}. Custom header properties are always expanded and stored. Blocking; one instance per
 * tenant, not thread-safe (it runs its error-text requests on virtual threads of its own).
 */
public final class MplPoller {
    public static final String STREAM = "mpl";
    /** Status of the step that reads the entries without a LogEnd. */
    public static final String NULL_DATES = "mpl-null-dates";
    /** Status of the step that re-reads unfinished messages by GUID. */
    public static final String RECHECKS = "mpl-rechecks";
    /** Status of the step that fetches error texts. */
    public static final String ERROR_TEXTS = "mpl-error-texts";
    /** A stop against a server that keeps paging: no real window has this many pages. */
    static final int MAX_PAGES_PER_POLL = 10_000;
    static final int RECHECKS_PER_POLL = 100;
    static final Duration RECHECK_EVERY = Duration.ofMinutes(5);
    static final int ERROR_TEXTS_PER_POLL = 1_000;
    /**
     * Error-text requests in flight at once: a burst of failures is covered in a poll or two while one tenant's
     * poller stays far below CPI's MPL rate limit (docs/cpi-api.md §4).
     */
    static final int ERROR_TEXT_REQUESTS = 8;
    /** How often the entries without a LogEnd are asked for (they appear rarely and stay for long). */
    static final Duration NULL_DATES_EVERY = Duration.ofMinutes(1);
    private static final int NULL_DATE_PAGES = 5;

    private final String tenantId;
    private final String apiUrl;
    private final PollConfig poll;
    private final CpiClient client;
    private final MplPageParser parser;
    private final MplStore mpls;
    private final PollCursorStore cursors;
    private final Clock clock;
    private final ChangeNotifier notifier;
    /** Nullable: the tenant's lease every watermark write is fenced with (several instances share the database). */
    private volatile LeaseToken lease;
    /** Steps whose stored status may show a failure: each is cleared by its next success (all, after a restart). */
    private final Set<String> stepsToClear = new HashSet<>(Set.of(NULL_DATES, RECHECKS, ERROR_TEXTS));
    private Instant nullDatesReadAt;

    /** @param businessKey the pair's business key ({@code ApplicationMessageId} or a custom header name), null if unpaired */
    public MplPoller(String tenantId, String apiUrl, PollConfig poll, String businessKey, CpiClient client,
                     MplStore mpls, PollCursorStore cursors, Clock clock, ChangeNotifier notifier) {
        this.tenantId = tenantId;
        this.apiUrl = CpiClient.baseUrl(apiUrl);
        this.poll = poll;
        this.client = client;
        this.parser = new MplPageParser(tenantId, businessKey);
        this.mpls = mpls;
        this.cursors = cursors;
        this.clock = clock;
        this.notifier = notifier;
    }

    /**
     * Fences every later watermark write with {@code token}: once the lease has moved to another holder or epoch, a
     * page commits nothing and the poll ends with {@link LeaseLostException}. Any thread.
     */
    public MplPoller fencedBy(LeaseToken token) {
        this.lease = token;
        return this;
    }

    /**
     * @param rechecked messages re-read by GUID (or in the null-LogEnd query) this poll
     * @param errorTexts error texts fetched this poll
     * @param failedSteps the steps after the first that failed this poll (their stream names), empty when none did
     */
    public record Outcome(int pages, int rows, int inserted, int updated, Instant watermark, int rechecked,
                          int errorTexts, List<String> failedSteps) {
        public Outcome(int pages, int rows, int inserted, int updated, Instant watermark, int rechecked,
                       int errorTexts) {
            this(pages, rows, inserted, updated, watermark, rechecked, errorTexts, List.of());
        }
    }

    /**
     * One poll. A failure of a step is recorded on that step's status as {@code <code>: <message>} (code
     * {@link CpiException#code()} or {@code database}/{@code error}). When the first step (the new pages) failed, the
     * watermark stays at the last committed page, the other steps still run unless the failure {@linkplain #endsPoll
     * ends the poll}, and its exception is rethrown at the end, so that the worker backs off. A failure of a later
     * step is only recorded (and listed in {@link Outcome#failedSteps()}): the poll counts as done.
     */
    public Outcome pollOnce() {
        Instant started = clock.instant();
        Outcome pages;
        RuntimeException pagesFailure = null;
        try {
            pages = drain(started);
        } catch (LeaseLostException e) {
            throw e; // the tenant has a new holder: its status is theirs to write
        } catch (RuntimeException e) {
            record(STREAM, started, e);
            if (endsPoll(e)) {
                throw e;
            }
            pagesFailure = e;
            Instant committed = cursors.get(tenantId, STREAM).map(PollCursor::watermark).orElse(null);
            pages = new Outcome(0, 0, 0, 0, committed, 0, 0);
        }
        Instant watermark = pages.watermark();
        Steps steps = new Steps(started);
        int rechecked = steps.run(NULL_DATES, () -> readNullDates(started));
        rechecked += steps.run(RECHECKS, () -> recheckUnfinished(started, watermark));
        int texts = steps.run(ERROR_TEXTS, () -> fetchErrorTexts(started));
        if (pages.inserted() + pages.updated() + rechecked + texts > 0) {
            notifier.changed("ingest", tenantId);
        }
        if (pagesFailure != null) {
            throw pagesFailure;
        }
        return new Outcome(pages.pages(), pages.rows(), pages.inserted(), pages.updated(), watermark, rechecked,
                texts, List.copyOf(steps.failed));
    }

    /** The later steps of one poll: which failed, and whether one's failure ended the poll (the rest are skipped). */
    private final class Steps {
        private final Instant at;
        private final List<String> failed = new ArrayList<>();
        private boolean ended;

        Steps(Instant at) {
            this.at = at;
        }

        /**
         * Runs one step unless the poll ended: a success clears its status (once after a failure), a failure is
         * recorded on it.
         */
        int run(String stream, IntSupplier body) {
            if (ended) {
                return 0;
            }
            try {
                int done = body.getAsInt();
                if (stepsToClear.remove(stream)) {
                    cursors.recordSuccess(tenantId, stream, at);
                }
                return done;
            } catch (RuntimeException e) {
                stepsToClear.add(stream);
                record(stream, at, e);
                failed.add(stream);
                ended = endsPoll(e);
                return 0;
            }
        }
    }

    /**
     * Whether a failure ends the whole poll instead of one step: the tenant cannot be reached or does not answer in
     * time, refuses the credentials or permissions, or still throttles or is unavailable after the in-place retries;
     * or the database fails. A refused query (other 4xx), a 5xx or a malformed answer concern one request only.
     */
    static boolean endsPoll(Throwable e) {
        if (!(e instanceof CpiException ce)) {
            return true;
        }
        return switch (ce.kind()) {
            case CLIENT_ERROR, SERVER_ERROR, MALFORMED -> false;
            default -> true;
        };
    }

    private void record(String stream, Instant at, RuntimeException e) {
        try {
            cursors.recordFailure(tenantId, stream, at, describe(e));
        } catch (RuntimeException dbDown) {
            e.addSuppressed(dbDown);
        }
    }

    /** The status text of a failure: a stable code first (alert rules and the API read it), then the detail. */
    static String describe(Throwable e) {
        String code = e instanceof CpiException ce ? ce.code()
                : e instanceof DataAccessException ? "database" : "error";
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return code + ": " + message;
    }

    private Outcome drain(Instant started) {
        Instant watermark = cursors.get(tenantId, STREAM).map(PollCursor::watermark).orElse(null);
        Instant bound = Watermark.windowStart(watermark, poll.overlap(), started, poll.initialLookback());
        int skip = 0;
        int pages = 0, rows = 0, inserted = 0, updated = 0;
        CompletableFuture<MplPage> fetch = fetch(pageUrl("LogEnd ge " + ODataTime.literal(bound), skip));
        try {
            while (true) {
                if (++pages > MAX_PAGES_PER_POLL) {
                    throw new CpiException(CpiException.Kind.MALFORMED, 200, "more than " + MAX_PAGES_PER_POLL
                            + " pages in one poll of " + tenantId + ": paging does not end");
                }
                MplPage page = join(fetch);
                fetch = null;
                boolean more = page.next() != null || page.rows().size() >= poll.pageSize();
                if (more && !page.rows().isEmpty()) {
                    Instant next = Watermark.nextBound(bound, page.rows());
                    if (next != null) {
                        bound = next;
                        skip = 0;
                    } else {
                        skip += page.rows().size();
                    }
                    // the next page is fetched and parsed while this one is written (its query needs only this page's LogEnds)
                    fetch = fetch(pageUrl("LogEnd ge " + ODataTime.literal(bound), skip));
                }
                watermark = Watermark.advance(watermark, page.rows());
                UpsertResult result = mpls.upsertPage(tenantId, page.rows(), new CursorAdvance(STREAM, watermark, clock.instant(), lease));
                rows += page.rows().size();
                inserted += result.inserted();
                updated += result.updated();
                if (fetch == null) {
                    return new Outcome(pages, rows, inserted, updated, watermark, 0, 0);
                }
            }
        } finally {
            if (fetch != null) {
                fetch.cancel(true);
            }
        }
    }

    /** One GET and its strict parse on a virtual thread of its own, so that both overlap the write of the previous page. */
    private CompletableFuture<MplPage> fetch(String url) {
        CompletableFuture<MplPage> f = new CompletableFuture<>();
        Thread.ofVirtual().name("fetch-" + tenantId).start(() -> {
            try {
                f.complete(parser.parse(client.getBytes(url, "application/json")));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CpiException(CpiException.Kind.NETWORK, 0, "interrupted while waiting for a page");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    String pageUrl(String filter, int skip) {
        StringBuilder q = new StringBuilder(apiUrl).append("/MessageProcessingLogs?$format=json")
                .append("&$filter=").append(enc(filter))
                .append("&$orderby=").append(enc("LogEnd asc"))
                .append("&$top=").append(poll.pageSize())
                .append("&$expand=CustomHeaderProperties");
        if (skip > 0) {
            q.append("&$skip=").append(skip);
        }
        return q.toString();
    }

    /** Entries with a null LogEnd are in no date window: read them on their own, every {@link #NULL_DATES_EVERY}. */
    private int readNullDates(Instant now) {
        if (nullDatesReadAt != null && now.isBefore(nullDatesReadAt.plus(NULL_DATES_EVERY))) {
            return 0;
        }
        int read = 0;
        for (int p = 0; p < NULL_DATE_PAGES; p++) {
            MplPage page = parser.parse(client.getBytes(pageUrl("LogEnd eq null", read), "application/json"));
            if (!page.rows().isEmpty()) {
                mpls.upsertPage(tenantId, page.rows(), null);
            }
            read += page.rows().size();
            if (page.next() == null && page.rows().size() < poll.pageSize() || page.rows().isEmpty()) {
                break;
            }
        }
        nullDatesReadAt = now;
        return read;
    }

    /**
     * Re-reads by GUID the messages that have not ended and are older than the overlap window. A message whose
     * re-read fails is left for the next poll; the others are stored. Throws when any failed.
     */
    private int recheckUnfinished(Instant now, Instant watermark) {
        Instant windowStart = watermark == null ? now : watermark.minus(poll.overlap());
        List<String> due = mpls.unfinished(tenantId, windowStart, now.minus(RECHECK_EVERY), RECHECKS_PER_POLL);
        if (due.isEmpty()) {
            return 0;
        }
        List<MplRecord> fresh = new ArrayList<>(due.size());
        List<String> done = new ArrayList<>(due.size());
        Failures failures = new Failures("re-reads of unfinished messages", due.size());
        try {
            for (String guid : due) {
                try {
                    fresh.add(parser.parseEntity(client.get(apiUrl + "/MessageProcessingLogs('" + guid
                            + "')?$format=json&$expand=CustomHeaderProperties", "application/json")));
                } catch (CpiException e) {
                    if (e.status() != 404) {
                        failures.add(e);
                        if (endsPoll(e)) {
                            break;
                        }
                        continue;
                    }
                    // gone from the tenant (its retention job): keep what we know, stop asking for a while
                }
                done.add(guid);
            }
        } finally {
            if (!fresh.isEmpty()) {
                mpls.upsertPage(tenantId, fresh, null);
            }
            mpls.markRechecked(tenantId, done, now);
        }
        failures.throwIfAny();
        return done.size();
    }

    /**
     * Fetches ErrorInformation/$value once for FAILED/ESCALATED messages that have none (never DISCARDED), up to
     * {@link #ERROR_TEXT_REQUESTS} requests at a time. A text whose request fails is left for the next poll; the
     * others are stored. Throws when any failed.
     */
    private int fetchErrorTexts(Instant now) {
        List<String> due = mpls.missingErrorTexts(tenantId, ERROR_TEXTS_PER_POLL);
        if (due.isEmpty()) {
            return 0;
        }
        Queue<String> todo = new ConcurrentLinkedQueue<>(due);
        Queue<ErrorText> texts = new ConcurrentLinkedQueue<>();
        Failures failures = new Failures("error texts", due.size());
        List<Thread> fetchers = new ArrayList<>(ERROR_TEXT_REQUESTS);
        for (int i = 0; i < Math.min(ERROR_TEXT_REQUESTS, due.size()); i++) {
            fetchers.add(Thread.ofVirtual().name("error-texts-" + tenantId).start(() -> {
                for (String guid = todo.poll(); guid != null && !failures.ended(); guid = todo.poll()) {
                    fetchErrorText(guid, texts, failures);
                }
            }));
        }
        try {
            for (Thread t : fetchers) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            todo.clear();
            failures.add(new CpiException(CpiException.Kind.NETWORK, 0, "interrupted while fetching error texts"));
        } finally {
            mpls.storeErrorTexts(tenantId, List.copyOf(texts), now);
        }
        failures.throwIfAny();
        return texts.size();
    }

    private void fetchErrorText(String guid, Queue<ErrorText> texts, Failures failures) {
        try {
            texts.add(new ErrorText(guid, client.get(apiUrl + "/MessageProcessingLogs('" + guid
                    + "')/ErrorInformation/$value", "text/plain")));
        } catch (CpiException e) {
            if (e.status() == 404) {
                texts.add(new ErrorText(guid, null)); // CPI has no error information for it: do not ask again
            } else {
                failures.add(e);
            }
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    /**
     * The failed requests of one step: their count, the first failure, and whether one of them {@linkplain #endsPoll
     * ends the poll}. Thread-safe.
     */
    private static final class Failures {
        private final String what;
        private final int total;
        private int count;
        private RuntimeException first;
        private volatile boolean ended;

        Failures(String what, int total) {
            this.what = what;
            this.total = total;
        }

        synchronized void add(RuntimeException e) {
            count++;
            if (first == null) {
                first = e;
            }
            if (endsPoll(e)) {
                ended = true;
            }
        }

        boolean ended() {
            return ended;
        }

        /** Throws the first failure, its message prefixed with how many of the step's requests failed. */
        synchronized void throwIfAny() {
            if (first == null) {
                return;
            }
            String message = count + " of " + total + " " + what + " failed, the first: " + first.getMessage();
            if (first instanceof CpiException ce) {
                throw new CpiException(ce.kind(), ce.status(), message, ce.retryAfter(), ce);
            }
            throw new IllegalStateException(message, first);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
