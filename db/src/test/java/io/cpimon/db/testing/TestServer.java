package io.cpimon.db.testing;

/**
 * The PostgreSQL server the tests of this JVM run against, chosen once by {@link TestDatabase}: the embedded one,
 * an external server, or a container. Implementations are thread-safe.
 */
interface TestServer {
    /** A new database or schema, migrated when {@code migrated}; its JDBC URL for {@link #user()}. */
    String freshJdbcUrl(boolean migrated);

    /** The user tests connect as. */
    String user();

    /** Nullable: trust authentication. */
    String password();

    /** The server's {@code host:port}, as it appears in the JDBC URLs. */
    String hostAndPort();

    /** One line for the test output: which server and version. */
    String describe();
}
