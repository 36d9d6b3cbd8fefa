package io.cpimon.db.jdbc;

import io.cpimon.db.NotificationLogStore;
import io.cpimon.db.testing.FreshDatabase;
import io.cpimon.db.testing.NotificationLogStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link NotificationLogStoreContract} against PostgreSQL with the real migrations. */
class JdbcNotificationLogStoreIT extends NotificationLogStoreContract {
    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase();

    @Override
    protected NotificationLogStore log() {
        return db.get().notificationLog();
    }
}
