package io.cpimon.ingest;

import io.cpimon.core.ChangeNotifier;
import io.cpimon.db.ArtifactRow;
import io.cpimon.db.ArtifactStore;
import io.cpimon.db.ArtifactStore.SnapshotResult;
import io.cpimon.db.KeystoreRow;
import io.cpimon.db.KeystoreStore;
import io.cpimon.db.PollCursorStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Polls one tenant's deployed integration artifacts ({@code IntegrationRuntimeArtifacts}, with the error text
 * of those in ERROR) and keystore entries ({@code KeystoreEntries}) and stores each as a complete snapshot
 * (undeployed artifacts and removed certificates disappear). Each has its own ingest status (streams
 * {@value #ARTIFACTS} and {@value #KEYSTORE}); a failure of one does not keep the other from being stored.
 * Blocking; one instance per tenant, not thread-safe.
 */
public final class ArtifactPoller {
    public static final String ARTIFACTS = "artifacts";
    public static final String KEYSTORE = "keystore";
    /** How often artifacts and keystore are polled: they change on deployments, not per message. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
    private static final int MAX_PAGES = 100;

    private final String tenantId;
    private final String apiUrl;
    private final CpiClient client;
    private final RuntimeParser parser;
    private final ArtifactStore artifacts;
    private final KeystoreStore keystore;
    private final PollCursorStore cursors;
    private final Clock clock;
    private final ChangeNotifier notifier;

    public ArtifactPoller(String tenantId, String apiUrl, CpiClient client, ArtifactStore artifacts, KeystoreStore keystore,
                          PollCursorStore cursors, Clock clock, ChangeNotifier notifier) {
        this.tenantId = tenantId;
        this.apiUrl = CpiClient.baseUrl(apiUrl);
        this.client = client;
        this.parser = new RuntimeParser(tenantId);
        this.artifacts = artifacts;
        this.keystore = keystore;
        this.cursors = cursors;
        this.clock = clock;
        this.notifier = notifier;
    }

    public record Outcome(SnapshotResult artifacts, SnapshotResult keystore) {}

    /** Polls both; a failure of either is recorded on its stream and the first one rethrown after both were tried. */
    public Outcome pollOnce() {
        RuntimeException failure = null;
        SnapshotResult a = null, k = null;
        try {
            a = pollArtifacts();
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            k = pollKeystore();
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        if (a.inserted() + a.changed() + a.deleted() + k.inserted() + k.changed() + k.deleted() > 0) {
            notifier.changed("artifacts", tenantId);
        }
        return new Outcome(a, k);
    }

    SnapshotResult pollArtifacts() {
        Instant at = clock.instant();
        try {
            List<ArtifactRow> rows = readAll("/IntegrationRuntimeArtifacts?$format=json", body -> parser.artifacts(body, at));
            List<ArtifactRow> withErrors = new ArrayList<>(rows.size());
            for (ArtifactRow r : rows) {
                withErrors.add("ERROR".equals(r.status()) ? withError(r) : r);
            }
            SnapshotResult result = artifacts.replace(tenantId, withErrors);
            cursors.recordSuccess(tenantId, ARTIFACTS, at);
            return result;
        } catch (RuntimeException e) {
            recordFailure(ARTIFACTS, at, e);
            throw e;
        }
    }

    SnapshotResult pollKeystore() {
        Instant at = clock.instant();
        try {
            List<KeystoreRow> rows = readAll("/KeystoreEntries?$format=json", body -> parser.keystore(body, at));
            SnapshotResult result = keystore.replace(tenantId, rows);
            cursors.recordSuccess(tenantId, KEYSTORE, at);
            return result;
        } catch (RuntimeException e) {
            recordFailure(KEYSTORE, at, e);
            throw e;
        }
    }

    private ArtifactRow withError(ArtifactRow r) {
        String text;
        try {
            text = client.get(apiUrl + "/IntegrationRuntimeArtifacts('" + r.artifactId() + "')/ErrorInformation/$value", "text/plain");
        } catch (CpiException e) {
            if (e.status() != 404) {
                throw e;
            }
            return r;
        }
        return new ArtifactRow(r.tenantId(), r.artifactId(), r.version(), r.name(), r.type(), r.status(), r.deployedOn(),
                r.deployedBy(), text, r.seenAt());
    }

    private <T> List<T> readAll(String path, Function<String, RuntimeParser.Page<T>> parse) {
        List<T> all = new ArrayList<>();
        String url = apiUrl + path;
        for (int pages = 0; url != null; pages++) {
            if (pages >= MAX_PAGES) {
                throw new CpiException(CpiException.Kind.MALFORMED, 200, "more than " + MAX_PAGES + " pages of " + path + " from " + tenantId);
            }
            RuntimeParser.Page<T> page = parse.apply(client.get(url, "application/json"));
            all.addAll(page.rows());
            url = page.next() == null ? null : URI.create(apiUrl + "/").resolve(page.next()).toString();
        }
        return all;
    }

    private void recordFailure(String stream, Instant at, RuntimeException e) {
        try {
            cursors.recordFailure(tenantId, stream, at, MplPoller.describe(e));
        } catch (RuntimeException dbDown) {
            e.addSuppressed(dbDown);
        }
    }
}
