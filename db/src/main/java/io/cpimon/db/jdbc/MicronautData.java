package io.cpimon.db.jdbc;

import io.cpimon.db.DataAccessException;
import java.util.function.Supplier;

/** Translates Micronaut Data's exceptions into the stores' {@link DataAccessException}. */
final class MicronautData {
    private MicronautData() {}

    static <T> T call(Supplier<T> work) {
        try {
            return work.get();
        } catch (io.micronaut.data.exceptions.DataAccessException | io.micronaut.transaction.exceptions.TransactionException
                 | io.micronaut.data.connection.exceptions.ConnectionException e) { // e.g. the server went away

            throw new DataAccessException(e.getMessage(), e);
        } catch (io.micronaut.data.connection.jdbc.exceptions.CannotGetJdbcConnectionException
                 | io.micronaut.transaction.jdbc.exceptions.CannotGetJdbcConnectionException e) {
            // no pooled connection in time (its cause: the pool's SQLTransientConnectionException); these extend
            // RuntimeException, not Micronaut's data exceptions, and a caller that tells a busy pool from a failure
            // (a poll waits for the pool again) must see them as a DataAccessException
            throw new DataAccessException(e.getMessage(), e);
        }
    }

    static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }
}
