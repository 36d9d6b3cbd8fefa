package io.cpimon.ingest;

import io.cpimon.core.ChangeNotifier;
import io.cpimon.db.ArtifactStore.SnapshotResult;
import io.cpimon.db.ContentRow;
import io.cpimon.db.ContentRow.Kind;
import io.cpimon.db.ContentStore;
import io.cpimon.db.DataStoreRow;
import io.cpimon.db.JmsBrokerRow;
import io.cpimon.db.PollCursorStore;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Polls one tenant's named content for the DR readiness check (docs/cpi-api.md §9): security artifacts
 * ({@code UserCredentials}, {@code OAuth2ClientCredentials}, {@code SecureParameters}), {@code Variables} and
 * {@code NumberRanges} and the partner directory's {@code StringParameters} and {@code BinaryParameters} (§9.6), each
 * stored as a complete snapshot per kind. Names only: no secret and no variable value is
 * requested. A kind the API client may not read (403, or 404 where the entity set does not exist) is skipped and
 * stays uncompared; any other failure of one kind is recorded on the stream {@value #STREAM} after the other kinds
 * were tried. It also reads the tenant's JMS broker ({@code JmsBrokers('Broker1')}, §10): 404 means the tenant has
 * none; and the data stores holding overdue entries ({@code DataStores?overdueonly=true}, §11), skipped
 * like a kind when not readable. Blocking; one instance per tenant, not thread-safe.
 */
public final class ContentPoller {
    public static final String STREAM = "content";
    private static final int MAX_PAGES = 100;

    private final String tenantId;
    private final String apiUrl;
    private final CpiClient client;
    private final ContentParser parser;
    private final ContentStore store;
    private final PollCursorStore cursors;
    private final Clock clock;
    private final ChangeNotifier notifier;

    public ContentPoller(String tenantId, String apiUrl, CpiClient client, ContentStore store, PollCursorStore cursors,
                         Clock clock, ChangeNotifier notifier) {
        this.tenantId = tenantId;
        this.apiUrl = CpiClient.baseUrl(apiUrl);
        this.client = client;
        this.parser = new ContentParser(tenantId);
        this.store = store;
        this.cursors = cursors;
        this.clock = clock;
        this.notifier = notifier;
    }

    /**
     * What one poll did per kind: its snapshot result, or null for a kind that was not readable.
     *
     * @param skipped the kinds not readable with the client's roles, with the reason
     * @param dataStores the data stores with overdue entries as stored, or null when {@code DataStores} was not
     *     readable (403, 404) or failed
     */
    public record Outcome(Map<Kind, SnapshotResult> stored, Map<Kind, String> skipped, JmsBrokerRow broker,
                          List<DataStoreRow> dataStores) {}

    /** Polls every kind; the first failure (other than "not readable") is rethrown after all kinds were tried. */
    public Outcome pollOnce() {
        Instant at = clock.instant();
        Map<Kind, SnapshotResult> stored = new EnumMap<>(Kind.class);
        Map<Kind, String> skipped = new EnumMap<>(Kind.class);
        RuntimeException failure = null;
        for (Kind kind : Kind.values()) {
            try {
                stored.put(kind, store.replace(tenantId, kind, readAll(kind, at), at));
            } catch (CpiException e) {
                if (notReadable(e)) {
                    skipped.put(kind, e.status() + " " + e.getMessage());
                    continue;
                }
                failure = first(failure, e);
            } catch (RuntimeException e) {
                failure = first(failure, e);
            }
        }
        JmsBrokerRow broker = null;
        try {
            broker = broker(at);
        } catch (RuntimeException e) {
            failure = first(failure, e);
        }
        List<DataStoreRow> dataStores = null;
        try {
            dataStores = dataStores(at);
        } catch (CpiException e) {
            if (!notReadable(e)) {
                failure = first(failure, e);
            }
        } catch (RuntimeException e) {
            failure = first(failure, e);
        }
        if (failure != null) {
            try {
                cursors.recordFailure(tenantId, STREAM, at, MplPoller.describe(failure));
            } catch (RuntimeException dbDown) {
                failure.addSuppressed(dbDown);
            }
            throw failure;
        }
        cursors.recordSuccess(tenantId, STREAM, at);
        if (stored.values().stream().anyMatch(r -> r.inserted() + r.changed() + r.deleted() > 0)) {
            notifier.changed("content", tenantId);
        }
        return new Outcome(stored, skipped, broker, dataStores);
    }

    private JmsBrokerRow broker(Instant at) {
        JmsBrokerRow row;
        try {
            row = parser.broker(client.get(apiUrl + "/JmsBrokers('Broker1')?$format=json", "application/json"), at);
        } catch (CpiException e) {
            if (e.kind() == CpiException.Kind.FORBIDDEN) {
                return null;
            }
            if (e.status() != 404) {
                throw e;
            }
            row = null;
        }
        store.broker(tenantId, row);
        return row;
    }

    /**
     * The data stores holding overdue entries, every page read before the snapshot replaces the stored one, so a
     * failed or malformed page keeps the last snapshot.
     */
    private List<DataStoreRow> dataStores(Instant at) {
        String path = "/DataStores?overdueonly=true&$format=json";
        List<DataStoreRow> all = new ArrayList<>();
        String url = apiUrl + path;
        for (int pages = 0; url != null; pages++) {
            if (pages >= MAX_PAGES) {
                throw new CpiException(CpiException.Kind.MALFORMED, 200, "more than " + MAX_PAGES + " pages of "
                        + path + " from " + tenantId);
            }
            RuntimeParser.Page<DataStoreRow> page = parser.dataStores(client.get(url, "application/json"), at);
            all.addAll(page.rows());
            url = page.next() == null ? null : URI.create(apiUrl + "/").resolve(page.next()).toString();
        }
        store.dataStores(tenantId, all);
        return all;
    }

    /**
     * 403: the API client lacks the role that reads this kind (secure parameters need more than monitoring roles);
     * 404: the tenant does not offer the entity set. Neither is an outage of the tenant.
     */
    static boolean notReadable(CpiException e) {
        return e.kind() == CpiException.Kind.FORBIDDEN || e.status() == 404;
    }

    private static RuntimeException first(RuntimeException failure, RuntimeException e) {
        if (failure == null) {
            return e;
        }
        failure.addSuppressed(e);
        return failure;
    }

    private List<ContentRow> readAll(Kind kind, Instant at) {
        String path = "/" + ContentParser.entitySet(kind) + ContentParser.query(kind);
        List<ContentRow> all = new ArrayList<>();
        String url = apiUrl + path;
        for (int pages = 0; url != null; pages++) {
            if (pages >= MAX_PAGES) {
                throw new CpiException(CpiException.Kind.MALFORMED, 200, "more than " + MAX_PAGES + " pages of "
                        + path + " from " + tenantId);
            }
            RuntimeParser.Page<ContentRow> page = parser.page(kind, client.get(url, "application/json"), at);
            all.addAll(page.rows());
            url = page.next() == null ? null : URI.create(apiUrl + "/").resolve(page.next()).toString();
        }
        return all;
    }
}
