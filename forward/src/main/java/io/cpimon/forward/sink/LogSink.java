package io.cpimon.forward.sink;

import io.cpimon.forward.row.EncodedRow;
import java.util.List;

/**
 * A log backend: sends one batch of rows in one call and says what the backend answered. Used by one forwarder
 * thread at a time; {@link #send} blocks.
 */
public interface LogSink extends AutoCloseable {

    /** Sends {@code rows} (never empty) in one call; never throws for what the backend or the network did. */
    SendOutcome send(List<EncodedRow> rows);

    @Override
    default void close() {}
}
