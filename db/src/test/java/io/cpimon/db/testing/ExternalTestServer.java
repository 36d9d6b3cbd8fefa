package io.cpimon.db.testing;

import io.cpimon.db.DataAccessException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;

/**
 * A server the tests do not own (an operator's PostgreSQL, CI's Debian PostgreSQL, a container): every fresh
 * database is a schema of the given database, created by the test user (who needs {@code CREATE} on that database,
 * nothing more) and selected through {@code currentSchema} in the URL; every schema created is dropped when the JVM
 * exits. No template to clone, so each migrated schema runs the migrations (about a second).
 */
final class ExternalTestServer implements TestServer {
    private static final Pattern HOST_PORT = Pattern.compile("^jdbc:postgresql://([^/?]+)");
    private final String url;
    private final String user;
    private final String password;
    private final String prefix;
    private final AtomicInteger counter = new AtomicInteger();
    private final List<String> schemas = new CopyOnWriteArrayList<>();
    private final String version;

    ExternalTestServer(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.prefix = "cpimon_t" + ProcessHandle.current().pid() + "_";
        try (Connection c = connect(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version')")) {
            rs.next();
            version = rs.getString(1);
        } catch (SQLException e) {
            throw new DataAccessException("the test PostgreSQL at " + hostAndPort() + " does not answer as " + user
                    + ": " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::dropAll, "test-postgres-schemas"));
    }

    @Override
    public String freshJdbcUrl(boolean migrated) {
        String schema = prefix + counter.incrementAndGet();
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new DataAccessException("creating schema " + schema + " as " + user + " failed (the test user needs"
                    + " CREATE on the database): " + e.getMessage(), e);
        }
        schemas.add(schema);
        String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        if (migrated) {
            Flyway.configure(TestDatabase.class.getClassLoader())
                    .dataSource(schemaUrl, user, password)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        }
        return schemaUrl;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public String hostAndPort() {
        Matcher m = HOST_PORT.matcher(url);
        return m.find() ? m.group(1) : url;
    }

    @Override
    public String describe() {
        return "PostgreSQL " + version + " on " + hostAndPort() + " as " + user + " (a schema per test database)";
    }

    private Connection connect(String jdbcUrl) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection(jdbcUrl, props);
    }

    private void dropAll() {
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '5s'");
            for (String schema : schemas) {
                try {
                    s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                } catch (SQLException e) {
                    System.err.println("test PostgreSQL: could not drop schema " + schema + ": " + e.getMessage());
                }
            }
        } catch (SQLException e) {
            System.err.println("test PostgreSQL: could not drop the test schemas " + schemas + ": " + e.getMessage());
        }
    }
}
