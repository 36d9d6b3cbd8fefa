package io.cpimon.db.jdbc;

import io.cpimon.db.Database;
import io.cpimon.db.ProbeStore;
import io.cpimon.db.testing.ProbeStoreContract;
import io.cpimon.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** {@link ProbeStoreContract} against PostgreSQL with the real migrations. */
class JdbcProbeStoreIT extends ProbeStoreContract {
    private static Database db;

    @BeforeAll
    static void openDatabase() {
        db = TestDatabase.fresh();
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    @BeforeEach
    void emptyTables() {
        TestDatabase.reset(db);
    }

    @Override
    protected ProbeStore probes() {
        return db.probes();
    }
}
