package io.cpimon.db.jdbc;

import io.cpimon.db.AlertStore;
import io.cpimon.db.NotificationStore;
import io.cpimon.db.testing.AlertStoreContract;
import io.cpimon.db.testing.FreshDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link AlertStoreContract} against PostgreSQL with the real migrations. */
class JdbcAlertStoreIT extends AlertStoreContract {
    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase();

    @Override
    protected AlertStore alerts() {
        return db.get().alerts();
    }

    @Override
    protected NotificationStore notifications() {
        return db.get().notifications();
    }
}
