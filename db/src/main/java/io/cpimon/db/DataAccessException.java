package io.cpimon.db;

import java.sql.SQLException;

/**
 * A database failure thrown by the stores: connection lost, a timeout, a constraint violated by the
 * data. The cause is the {@link SQLException} (or the Micronaut Data exception) when there is one.
 */
public final class DataAccessException extends RuntimeException {
    public DataAccessException(SQLException cause) {
        super(describe(cause), cause);
    }

    public DataAccessException(String message, Throwable cause) {
        super(message, cause);
    }

    private static String describe(SQLException e) {
        return e.getMessage() + (e.getSQLState() == null ? "" : " [SQLSTATE " + e.getSQLState() + "]");
    }
}
