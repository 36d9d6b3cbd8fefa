package io.cpimon.db.jdbc;

import io.cpimon.db.Database;
import io.cpimon.db.TenantStore;
import io.cpimon.db.testing.TenantStoreContract;
import io.cpimon.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** {@link TenantStoreContract} against PostgreSQL with the real migrations. */
class JdbcTenantStoreIT extends TenantStoreContract {
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
    protected TenantStore tenants() {
        return db.tenants();
    }
}
