package io.cpimon.db.jdbc;

import io.cpimon.db.Database;
import io.cpimon.db.MplStore;
import io.cpimon.db.PollCursorStore;
import io.cpimon.db.NotificationStore;
import io.cpimon.db.AlertStore;
import io.cpimon.db.TenantStore;
import io.cpimon.db.ProbeStore;
import io.cpimon.db.testing.NotificationStoreContract;
import io.cpimon.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** {@link NotificationStoreContract} against PostgreSQL with the real migrations. */
class JdbcNotificationStoreIT extends NotificationStoreContract {
    private Database db;

    @BeforeEach
    void openDatabase() {
        db = TestDatabase.fresh();
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    @Override
    protected NotificationStore notifications() {
        return db.notifications();
    }
}
