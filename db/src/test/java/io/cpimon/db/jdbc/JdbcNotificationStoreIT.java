package io.cpimon.db.jdbc;

import io.cpimon.db.NotificationStore;
import io.cpimon.db.testing.FreshDatabase;
import io.cpimon.db.testing.NotificationStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link NotificationStoreContract} against PostgreSQL with the real migrations. */
class JdbcNotificationStoreIT extends NotificationStoreContract {
    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase();

    @Override
    protected NotificationStore notifications() {
        return db.get().notifications();
    }
}
