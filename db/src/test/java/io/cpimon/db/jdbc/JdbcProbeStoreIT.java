package io.cpimon.db.jdbc;

import io.cpimon.db.ProbeStore;
import io.cpimon.db.testing.FreshDatabase;
import io.cpimon.db.testing.ProbeStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ProbeStoreContract} against PostgreSQL with the real migrations. */
class JdbcProbeStoreIT extends ProbeStoreContract {
    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase();

    @Override
    protected ProbeStore probes() {
        return db.get().probes();
    }
}
