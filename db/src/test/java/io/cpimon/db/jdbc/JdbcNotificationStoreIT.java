package io.cpimon.db.jdbc;

import io.cpimon.db.Database;
import io.cpimon.db.NotificationStore;
import io.cpimon.db.testing.NotificationStoreContract;
import io.cpimon.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** {@link NotificationStoreContract} against PostgreSQL with the real migrations. */
class JdbcNotificationStoreIT extends NotificationStoreContract {
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
    protected NotificationStore notifications() {
        return db.notifications();
    }
}
