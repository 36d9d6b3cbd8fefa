package io.cpimon.db.jdbc;

import io.cpimon.db.TenantStore;
import io.cpimon.db.testing.FreshDatabase;
import io.cpimon.db.testing.TenantStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link TenantStoreContract} against PostgreSQL with the real migrations. */
class JdbcTenantStoreIT extends TenantStoreContract {
    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase();

    @Override
    protected TenantStore tenants() {
        return db.get().tenants();
    }
}
