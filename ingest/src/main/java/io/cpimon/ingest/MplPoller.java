package io.cpimon.ingest;

import io.cpimon.config.CpimonConfig.PollConfig;
import io.cpimon.db.ChangeNotifier;
import io.cpimon.db.MplRecord;
import io.cpimon.db.MplStore;
import io.cpimon.db.MplStore.CursorAdvance;
import io.cpimon.db.MplStore.UpsertResult;
import io.cpimon.db.PollCursor;
import io.cpimon.db.PollCursorStore;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pulls one tenant's MPLs incrementally (DESIGN.md "Ingest"). Each poll asks for every MPL whose
 * {@code LogEnd} ("last updated") is at or after the committed watermark minus the overlap, ordered by
 * LogEnd, and follows the server's paging to the end. Every page is upserted together with the
 * watermark it covers, so a crash or an error between pages loses nothing and duplicates nothing: the
 * next poll starts again from the last committed page. Blocking; one instance per tenant, not thread-safe.
 */
public final class MplPoller {
    public static final String STREAM = "mpl";
    /** A stop against a server that keeps sending {@code __next}: no real window has this many pages. */
    static final int MAX_PAGES_PER_POLL = 10_000;
    private static final int ERROR_TEXT_CACHE = 10_000;

    private final String tenantId;
    private final String apiUrl;
    private final PollConfig poll;
    private final CpiClient client;
    private final MplPageParser parser;
    private final boolean expandHeaders;
    private final MplStore mpls;
    private final PollCursorStore cursors;
    private final Clock clock;
    private final ChangeNotifier notifier;
    /** GUIDs whose error text was fetched, so that the overlap does not fetch it again. */
    private final Set<String> errorTextFetched = Collections.newSetFromMap(new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > ERROR_TEXT_CACHE;
        }
    });

    /** @param businessKey the pair's business key ({@code ApplicationMessageId} or a custom header name), null if unpaired */
    public MplPoller(String tenantId, String apiUrl, PollConfig poll, String businessKey, CpiClient client,
                     MplStore mpls, PollCursorStore cursors, Clock clock, ChangeNotifier notifier) {
        this.tenantId = tenantId;
        this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        this.poll = poll;
        this.client = client;
        this.parser = new MplPageParser(tenantId, businessKey);
        this.expandHeaders = businessKey != null && !MplPageParser.APPLICATION_MESSAGE_ID.equals(businessKey);
        this.mpls = mpls;
        this.cursors = cursors;
        this.clock = clock;
        this.notifier = notifier;
    }

    public record Outcome(int pages, int rows, int inserted, int updated, Instant watermark) {}

    /**
     * One poll: drains the window. On failure the error is recorded on the tenant's cursor (the
     * watermark stays at the last committed page) and the {@link CpiException} (or a database error) is rethrown.
     */
    public Outcome pollOnce() {
        Instant started = clock.instant();
        try {
            return drain(started);
        } catch (RuntimeException e) {
            try {
                cursors.recordFailure(tenantId, STREAM, started, e.getMessage() == null ? e.toString() : e.getMessage());
            } catch (RuntimeException dbDown) {
                e.addSuppressed(dbDown);
            }
            throw e;
        }
    }

    private Outcome drain(Instant started) {
        Instant watermark = cursors.get(tenantId, STREAM).map(PollCursor::watermark).orElse(null);
        Instant from = watermark != null ? watermark.minus(poll.overlap()) : started.minus(poll.initialLookback());
        String url = firstPage(from);
        int pages = 0, rows = 0, inserted = 0, updated = 0;
        while (url != null) {
            if (++pages > MAX_PAGES_PER_POLL) {
                throw new CpiException(CpiException.Kind.MALFORMED, 200, "more than " + MAX_PAGES_PER_POLL + " pages in one poll of " + tenantId + ": paging does not end");
            }
            MplPage page = parser.parse(client.get(url, "application/json"));
            List<MplRecord> page_rows = withErrorTexts(page.rows());
            for (MplRecord r : page_rows) {
                if (r.logEnd() != null && (watermark == null || r.logEnd().isAfter(watermark))) {
                    watermark = r.logEnd();
                }
            }
            UpsertResult result = mpls.upsertPage(tenantId, page_rows, new CursorAdvance(STREAM, watermark, clock.instant()));
            rows += page_rows.size();
            inserted += result.inserted();
            updated += result.updated();
            String next = nextPage(url, page);
            if (next != null && next.equals(url)) {
                throw new CpiException(CpiException.Kind.MALFORMED, 200, "__next of " + tenantId + " points to the same page");
            }
            url = next;
        }
        if (inserted + updated > 0) {
            notifier.changed("ingest", tenantId);
        }
        return new Outcome(pages, rows, inserted, updated, watermark);
    }

    String firstPage(Instant from) {
        StringBuilder q = new StringBuilder(apiUrl).append("/MessageProcessingLogs?$format=json")
                .append("&$filter=").append(enc("LogEnd ge " + ODataTime.literal(from)))
                .append("&$orderby=").append(enc("LogEnd asc"))
                .append("&$top=").append(poll.pageSize());
        if (expandHeaders) {
            q.append("&$expand=CustomHeaderProperties");
        }
        return q.toString();
    }

    /**
     * Follows {@code __next} (absolute or relative). A server that honours {@code $top} as a total and so
     * sends no {@code __next} on a full page is paged on with {@code $skip}.
     */
    String nextPage(String current, MplPage page) {
        if (page.next() != null) {
            return URI.create(apiUrl + "/").resolve(page.next()).toString();
        }
        if (page.rows().size() >= poll.pageSize()) {
            int skip = 0;
            int at = current.indexOf("&$skip=");
            String base = current;
            if (at >= 0) {
                int end = current.indexOf('&', at + 1);
                skip = Integer.parseInt(current.substring(at + 7, end < 0 ? current.length() : end));
                base = current.substring(0, at) + (end < 0 ? "" : current.substring(end));
            }
            return base + "&$skip=" + (skip + page.rows().size());
        }
        return null;
    }

    private List<MplRecord> withErrorTexts(List<MplRecord> rows) {
        List<MplRecord> out = new ArrayList<>(rows.size());
        for (MplRecord r : rows) {
            boolean failed = "FAILED".equals(r.status()) || "ESCALATED".equals(r.status());
            if (failed && !errorTextFetched.contains(r.messageGuid())) {
                String text = errorText(r.messageGuid());
                if (text != null) {
                    errorTextFetched.add(r.messageGuid());
                    r = withErrorText(r, text);
                }
            }
            out.add(r);
        }
        return out;
    }

    /** @return the error text, or null when CPI has none or the call failed (it is tried again on the next pass) */
    private String errorText(String guid) {
        try {
            return client.get(apiUrl + "/MessageProcessingLogs('" + guid + "')/ErrorInformation/$value", "text/plain");
        } catch (CpiException e) {
            if (e.kind() == CpiException.Kind.AUTH) {
                throw e;
            }
            return null;
        }
    }

    private static MplRecord withErrorText(MplRecord r, String text) {
        return new MplRecord(r.tenantId(), r.messageGuid(), r.correlationId(), r.applicationMessageId(),
                r.applicationMessageType(), r.predecessorMessageGuid(), r.logStart(), r.logEnd(), r.sender(),
                r.receiver(), r.integrationFlowName(), r.status(), r.customStatus(), r.alternateWebLink(),
                r.artifactId(), r.artifactName(), r.artifactType(), r.packageId(), r.packageName(), r.logLevel(),
                r.archivingStatus(), r.transactionId(), r.previousComponentName(), r.localComponentName(),
                r.originComponentName(), r.businessKey(), r.customHeaders(), text);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
