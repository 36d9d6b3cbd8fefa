package io.cpimon.db.jdbc;

import io.cpimon.db.PollCursor;
import io.cpimon.db.PollCursorStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Poll cursors through a Micronaut Data repository. Thread-safe; blocking. */
public final class JdbcPollCursorStore implements PollCursorStore {
    private final PollCursorRepository repository;

    public JdbcPollCursorStore(PollCursorRepository repository) {
        this.repository = repository;
    }

    @Override
    public Optional<PollCursor> get(String tenantId, String stream) {
        return MicronautData.call(() -> repository.find(tenantId, stream).stream().findFirst().map(JdbcPollCursorStore::toCursor));
    }

    @Override
    public void recordFailure(String tenantId, String stream, Instant at, String error) {
        Objects.requireNonNull(at, "at");
        MicronautData.run(() -> repository.recordFailure(tenantId, stream, at, error == null ? "unknown error" : error));
    }

    @Override
    public void recordSuccess(String tenantId, String stream, Instant at) {
        Objects.requireNonNull(at, "at");
        MicronautData.run(() -> repository.recordSuccess(tenantId, stream, at));
    }

    @Override
    public List<PollCursor> all() {
        return MicronautData.call(() -> repository.findAllOrdered().stream().map(JdbcPollCursorStore::toCursor).toList());
    }

    private static PollCursor toCursor(PollCursorEntity e) {
        return new PollCursor(e.key().tenantId(), e.key().stream(), e.watermark(), e.lastSuccess(), e.lastAttempt(),
                e.lastError(), e.consecutiveFailures(), e.rowsTotal());
    }
}
