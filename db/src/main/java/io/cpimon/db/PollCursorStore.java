package io.cpimon.db;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Poll cursors (watermarks and ingest status). Successes are recorded by {@link MplStore#upsertPage}. */
public interface PollCursorStore {
    Optional<PollCursor> get(String tenantId, String stream);

    /** Records a failed poll: last error, attempt time, consecutive failures + 1; the watermark stays. */
    void recordFailure(String tenantId, String stream, Instant at, String error);

    /** Records a successful poll that wrote nothing (empty window): clears the error, keeps the watermark. */
    void recordSuccess(String tenantId, String stream, Instant at);

    List<PollCursor> all();
}
