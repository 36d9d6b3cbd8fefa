package io.cpimon.ingest;

import io.cpimon.config.CpimonConfig.PollConfig;
import io.cpimon.core.ChangeNotifier;
import io.cpimon.db.DataAccessException;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Pulls one tenant's MPLs incrementally. Each poll:
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
 * in the database, so a restart neither refetches nor forgets), never for DISCARDED ones.</li>
 * </ol>
 * Custom header properties are always expanded and stored. Blocking; one instance per tenant, not thread-safe.
 */
public final class MplPoller {
    public static final String STREAM = "mpl";
    /** A stop against a server that keeps paging: no real window has this many pages. */
    static final int MAX_PAGES_PER_POLL = 10_000;
    static final int RECHECKS_PER_POLL = 100;
    static final Duration RECHECK_EVERY = Duration.ofMinutes(5);
    static final int ERROR_TEXTS_PER_POLL = 1_000;
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
     * @param rechecked messages re-read by GUID (or in the null-LogEnd query) this poll
     * @param errorTexts error texts fetched this poll
     */
    public record Outcome(int pages, int rows, int inserted, int updated, Instant watermark, int rechecked, int errorTexts) {}

    /**
     * One poll. On failure the error is recorded on the tenant's cursor as {@code <code>: <message>} (code
     * {@link CpiException#code()} or {@code database}/{@code error}; the watermark stays at the last committed
     * page) and the exception is rethrown.
     */
    public Outcome pollOnce() {
        Instant started = clock.instant();
        try {
            Outcome o = drain(started);
            int rechecked = readNullDates(started) + recheckUnfinished(started, o.watermark());
            int texts = fetchErrorTexts(started);
            if (o.inserted() + o.updated() + rechecked + texts > 0) {
                notifier.changed("ingest", tenantId);
            }
            return new Outcome(o.pages(), o.rows(), o.inserted(), o.updated(), o.watermark(), rechecked, texts);
        } catch (RuntimeException e) {
            try {
                cursors.recordFailure(tenantId, STREAM, started, describe(e));
            } catch (RuntimeException dbDown) {
                e.addSuppressed(dbDown);
            }
            throw e;
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
                UpsertResult result = mpls.upsertPage(tenantId, page.rows(), new CursorAdvance(STREAM, watermark, clock.instant()));
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

    /** Re-reads by GUID the messages that have not ended and are older than the overlap window. */
    private int recheckUnfinished(Instant now, Instant watermark) {
        Instant windowStart = watermark == null ? now : watermark.minus(poll.overlap());
        List<String> due = mpls.unfinished(tenantId, windowStart, now.minus(RECHECK_EVERY), RECHECKS_PER_POLL);
        if (due.isEmpty()) {
            return 0;
        }
        List<MplRecord> fresh = new ArrayList<>(due.size());
        List<String> done = new ArrayList<>(due.size());
        try {
            for (String guid : due) {
                try {
                    fresh.add(parser.parseEntity(client.get(apiUrl + "/MessageProcessingLogs('" + guid
                            + "')?$format=json&$expand=CustomHeaderProperties", "application/json")));
                } catch (CpiException e) {
                    if (e.status() != 404) {
                        throw e;
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
        return done.size();
    }

    /** Fetches ErrorInformation/$value once for FAILED/ESCALATED messages that have none (never DISCARDED). */
    private int fetchErrorTexts(Instant now) {
        List<String> due = mpls.missingErrorTexts(tenantId, ERROR_TEXTS_PER_POLL);
        List<ErrorText> texts = new ArrayList<>(due.size());
        try {
            for (String guid : due) {
                try {
                    texts.add(new ErrorText(guid, client.get(apiUrl + "/MessageProcessingLogs('" + guid
                            + "')/ErrorInformation/$value", "text/plain")));
                } catch (CpiException e) {
                    if (e.status() != 404) {
                        throw e;
                    }
                    texts.add(new ErrorText(guid, null)); // CPI has no error information for it: do not ask again
                }
            }
        } finally {
            mpls.storeErrorTexts(tenantId, texts, now);
        }
        return texts.size();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
