package io.cpimon.db.jdbc;

import io.cpimon.db.ContentStore;
import io.cpimon.db.testing.ContentStoreContract;
import io.cpimon.db.testing.FreshDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ContentStoreContract} against PostgreSQL with the real migrations. */
class JdbcContentStoreIT extends ContentStoreContract {
    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase();

    @Override
    protected ContentStore content() {
        return db.get().content();
    }
}
