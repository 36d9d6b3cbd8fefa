package io.cpimon.db;

import static io.cpimon.db.testing.MplRecords.mpl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpimon.config.CpimonConfig.DatabaseConfig;
import io.cpimon.config.Secret;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server of {@link Database#open(DatabaseConfig)}: its own cluster in a directory that survives restarts. */
class EmbeddedDatabaseIT {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    /** Shared by the tests: initdb runs once, every test starts and stops the server on the same cluster. */
    @TempDir
    static Path dir;

    @Test
    void open_closeAndReopenSameDirectory_keepsTheRows() {
        DatabaseConfig config = new DatabaseConfig(null, null, null, dir.resolve("pg").toString(), 2);
        MplRecord row = mpl("weu", "g1", "FAILED", T0);
        int firstPort;
        try (Database db = Database.open(config)) {
            firstPort = db.embeddedPort();
            assertThat(db.ping()).isTrue();
            assertThat(db.describe()).startsWith("embedded PostgreSQL 18.6 at ").contains(dir.resolve("pg").toString())
                    .contains("(port " + firstPort + ")");
            db.mpls().upsertPage("weu", List.of(row), new MplStore.CursorAdvance("mpl", T0, T0));
        }

        try (Database db = Database.open(config)) {
            assertThat(db.mpls().allOf("weu")).containsExactly(row);
            assertThat(db.cursors().get("weu", "mpl")).get().extracting(PollCursor::watermark).isEqualTo(T0);
        }
    }

    @Test
    void open_directoryInUse_failsInsteadOfSharingIt() {
        DatabaseConfig config = new DatabaseConfig(null, null, Secret.of("ignored"), dir.resolve("pg").toString(), 2);
        try (Database db = Database.open(config)) {
            assertThatThrownBy(() -> Database.open(config)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use");
            assertThat(db.ping()).isTrue();
        }
    }

    @Test
    void close_twice_isHarmlessAndPingTurnsFalse() {
        Database db = Database.open(new DatabaseConfig(null, null, null, dir.resolve("pg").toString(), 1));
        db.close();
        db.close();
        assertThat(db.ping()).isFalse();
    }
}
