package io.cpimon.db.jdbc;

import io.cpimon.db.MplStore;
import io.cpimon.db.PollCursorStore;
import io.cpimon.db.testing.FreshDatabase;
import io.cpimon.db.testing.PollCursorStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link PollCursorStoreContract} against PostgreSQL with the real migrations. */
class JdbcPollCursorStoreIT extends PollCursorStoreContract {
    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase();

    @Override
    protected MplStore mpls() {
        return db.get().mpls();
    }

    @Override
    protected PollCursorStore cursors() {
        return db.get().cursors();
    }
}
