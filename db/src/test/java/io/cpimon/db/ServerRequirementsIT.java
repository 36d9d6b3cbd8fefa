package io.cpimon.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cpimon.db.testing.MplRecords;
import io.cpimon.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * cpimon on a user that owns only its schema, and the start-up errors that name the fix when the server is too old or
 * a right is missing. Roles are created by the embedded cluster's superuser; against an external server (as a
 * non-superuser) those cases are skipped and the whole suite running as that user is the proof.
 */
class ServerRequirementsIT {
    private static final AtomicInteger ROLES = new AtomicInteger();

    @Test
    void verify_serverOlderThanTheMinimum_failsNamingTheVersionNeeded() throws SQLException {
        String url = TestDatabase.freshJdbcUrl();
        try (Connection c = DriverManager.getConnection(url, TestDatabase.user(), TestDatabase.password())) {
            assertThatThrownBy(() -> ServerRequirements.verify(c, "the test server", 990_000))
                    .isInstanceOf(DataAccessException.class)
                    .hasMessageContaining("at the test server is too old: cpimon needs PostgreSQL 99 or newer")
                    .hasMessageContaining("upgrade the server");
            ServerRequirements.verify(c, "the test server", ServerRequirements.MINIMUM_VERSION_NUM);
        }
    }

    @Test
    void open_userOwningOnlyItsSchema_migratesStoresAndCreatesPartitions() throws SQLException {
        assumeEmbedded();
        String url = TestDatabase.emptyJdbcUrl();
        String role = newRole(url);
        admin(url, "CREATE SCHEMA cpimon AUTHORIZATION " + role, "ALTER ROLE " + role + " SET search_path = cpimon");
        try (Database db = Database.open(url, role, null, 2)) {
            Instant start = Instant.parse("2026-11-20T10:00:00Z");
            db.mpls().upsertPage("t1", List.of(MplRecords.mpl("t1", "g1", "COMPLETED", start)), null);
            assertThat(db.mpls().maintainPartitions(start.minus(Duration.ofDays(1)), LocalDate.of(2026, 11, 22)).created())
                    .as("day partitions created, the row moved into its day").isNotEmpty();
            assertThat(db.mpls().allOf("t1")).hasSize(1);
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'cpimon'"
                         + " AND tablename LIKE 'mpl_p%' AND tableowner = current_user")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the day partition created by the schema's owner").isPositive();
            }
        }
        try (Connection c = DriverManager.getConnection(url, TestDatabase.user(), null); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT rolsuper, rolcreatedb FROM pg_roles WHERE rolname = '" + role + "'")) {
            rs.next();
            assertThat(rs.getBoolean(1) || rs.getBoolean(2)).as("neither superuser nor creator of databases").isFalse();
        }
    }

    @Test
    void open_userWithoutCreateOnItsSchema_failsNamingTheGrant() {
        assumeEmbedded();
        String url = TestDatabase.emptyJdbcUrl();
        String role = newRole(url);
        // PostgreSQL 15+ no longer lets every user create in public
        assertThatThrownBy(() -> Database.open(url, role, null, 2))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("user " + role + " may not create tables in schema public")
                .hasMessageContaining("ALTER SCHEMA public OWNER TO " + role)
                .hasMessageContaining("GRANT USAGE, CREATE ON SCHEMA public TO " + role);
    }

    @Test
    void open_userWithoutAnySchema_failsNamingCreateSchema() {
        assumeEmbedded();
        String url = TestDatabase.emptyJdbcUrl();
        String role = newRole(url);
        admin(url, "ALTER ROLE " + role + " SET search_path = nowhere");
        assertThatThrownBy(() -> Database.open(url, role, null, 2))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("user " + role + " has no schema to keep cpimon's tables in")
                .hasMessageContaining("CREATE SCHEMA cpimon AUTHORIZATION " + role);
    }

    @Test
    void open_userWithoutTemporaryTables_failsNamingTheGrant() {
        assumeEmbedded();
        String url = TestDatabase.emptyJdbcUrl();
        String role = newRole(url);
        String database = url.substring(url.lastIndexOf('/') + 1);
        admin(url, "CREATE SCHEMA cpimon AUTHORIZATION " + role, "ALTER ROLE " + role + " SET search_path = cpimon",
                "REVOKE TEMPORARY ON DATABASE " + database + " FROM PUBLIC");
        assertThatThrownBy(() -> Database.open(url, role, null, 2))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("may not create temporary tables in database " + database)
                .hasMessageContaining("GRANT TEMPORARY ON DATABASE " + database + " TO " + role);
    }

    @Test
    void open_tablesOwnedByAnotherUser_failsNamingTheOwner() {
        assumeEmbedded();
        String url = TestDatabase.freshJdbcUrl();
        String role = newRole(url);
        admin(url, "GRANT USAGE, CREATE ON SCHEMA public TO " + role);
        assertThatThrownBy(() -> Database.open(url, role, null, 2))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("table public.mpl at ")
                .hasMessageContaining("belongs to " + TestDatabase.user() + ", not to " + role);
    }

    private static void assumeEmbedded() {
        assumeTrue(TestDatabase.embedded(), "creating roles needs the embedded cluster's superuser;"
                + " this run's test user is not one");
    }

    /** A login role with no right beyond connecting (the embedded cluster trusts local connections). */
    private static String newRole(String url) {
        String role = "cpimon_app_" + ProcessHandle.current().pid() + "_" + ROLES.incrementAndGet();
        admin(url, "CREATE ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE");
        return role;
    }

    private static void admin(String url, String... statements) {
        try (Connection c = DriverManager.getConnection(url, TestDatabase.user(), null); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }
}
