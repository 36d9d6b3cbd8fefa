package io.cpimon.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpimon.config.CpimonConfig.DatabaseConfig;
import io.cpimon.config.Secret;
import io.cpimon.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Database} against an external server (the test cluster stands in for one). */
class DatabaseIT {

    @Test
    void open_externalUrl_migratesEveryTable() throws Exception {
        String url = TestDatabase.freshJdbcUrl();
        try (Database db = Database.open(new DatabaseConfig(url, TestDatabase.user(),
                Secret.of(TestDatabase.password() == null ? "unused" : TestDatabase.password()), null, 3))) {
            List<String> tables = new ArrayList<>();
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).containsExactly("alert", "alert_ack", "alert_event", "audit_log", "cpimon_instance", "data_store",
                    "failover_action", "failover_action_step", "flyway_schema_history",
                    "forward_cursor", "forward_dead_letter", "jms_broker", "keystore_entry", "lease", "maintenance_window",
                    "mpl", "mpl_change", "mpl_day_span", "mpl_default", "mpl_undated", "notification", "notification_log", "poll_cursor",
                    "probe_result", "readiness_ack", "runtime_artifact", "runtime_artifact_gone", "silence", "tenant",
                    "tenant_content", "tenant_content_snapshot");
            assertThat(db.ping()).isTrue();
            assertThat(db.embeddedPort()).isEqualTo(-1);
        }
    }

    @Test
    void describe_urlWithPassword_neverShowsIt() {
        // the embedded cluster trusts any password; an external one gets its own in the URL
        String secret = TestDatabase.password() == null ? "hunter2" : TestDatabase.password();
        String fresh = TestDatabase.freshJdbcUrl();
        String url = fresh + (fresh.contains("?") ? "&" : "?") + "password=" + secret + "&ApplicationName=cpimon";
        try (Database db = Database.open(url, TestDatabase.user(), secret, 2)) {
            assertThat(db.describe()).doesNotContain(secret).contains(TestDatabase.hostAndPort());
            assertThat(db.toString()).doesNotContain(secret);
        }
    }

    @Test
    void open_unreachableServer_failsWithTheUrlButNoPassword() {
        assertThatThrownBy(() -> Database.open("jdbc:postgresql://127.0.0.1:1/cpimon?connectTimeout=2", "cpimon", "s3cret", 2))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("127.0.0.1:1")
                .hasMessageNotContaining("s3cret");
    }
}
