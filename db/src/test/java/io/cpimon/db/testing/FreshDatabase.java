package io.cpimon.db.testing;

import io.cpimon.db.Database;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A migrated database for one test class ({@code @RegisterExtension static final FreshDatabase db = new FreshDatabase();}):
 * created before the class, emptied before each test, closed after the class.
 */
public final class FreshDatabase implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private Database database;

    @Override
    public void beforeAll(ExtensionContext context) {
        database = TestDatabase.fresh();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        TestDatabase.reset(database);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        database.close();
    }

    public Database get() {
        return database;
    }
}
