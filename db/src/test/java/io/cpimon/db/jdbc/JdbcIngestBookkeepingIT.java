package io.cpimon.db.jdbc;

import io.cpimon.db.MplStore;
import io.cpimon.db.testing.FreshDatabase;
import io.cpimon.db.testing.IngestBookkeepingContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link IngestBookkeepingContract} against PostgreSQL with the real migrations. */
class JdbcIngestBookkeepingIT extends IngestBookkeepingContract {
    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase();

    @Override
    protected MplStore mpls() {
        return db.get().mpls();
    }
}
