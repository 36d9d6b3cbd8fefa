package io.cpimon.db.jdbc;

import io.cpimon.db.ArtifactStore;
import io.cpimon.db.KeystoreStore;
import io.cpimon.db.testing.ArtifactStoreContract;
import io.cpimon.db.testing.FreshDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ArtifactStoreContract} against PostgreSQL with the real migrations. */
class JdbcArtifactStoreIT extends ArtifactStoreContract {
    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase();

    @Override
    protected ArtifactStore artifacts() {
        return db.get().artifacts();
    }

    @Override
    protected KeystoreStore keystore() {
        return db.get().keystore();
    }
}
