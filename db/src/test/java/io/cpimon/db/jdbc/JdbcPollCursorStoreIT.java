package io.cpimon.db.jdbc;

import io.cpimon.db.Database;
import io.cpimon.db.MplStore;
import io.cpimon.db.PollCursorStore;
import io.cpimon.db.testing.PollCursorStoreContract;
import io.cpimon.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** {@link PollCursorStoreContract} against PostgreSQL with the real migrations. */
class JdbcPollCursorStoreIT extends PollCursorStoreContract {
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
    protected MplStore mpls() {
        return db.mpls();
    }

    @Override
    protected PollCursorStore cursors() {
        return db.cursors();
    }
}
