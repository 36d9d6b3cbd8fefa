package io.cpimon.db.jdbc;

import io.cpimon.db.Database;
import io.cpimon.db.NotificationStore;
import io.cpimon.db.AlertStore;
import io.cpimon.db.testing.AlertStoreContract;
import io.cpimon.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** {@link AlertStoreContract} against PostgreSQL with the real migrations. */
class JdbcAlertStoreIT extends AlertStoreContract {
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
    protected AlertStore alerts() {
        return db.alerts();
    }

    @Override
    protected NotificationStore notifications() {
        return db.notifications();
    }
}
