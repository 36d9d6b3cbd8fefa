package io.cpimon.db.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpimon.db.DataAccessException;
import io.cpimon.db.Database;
import io.cpimon.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Every store reports a pool that stays busy past its timeout the same way, whichever way it reaches the pool. */
class PoolExhaustedIT {
    @Test
    void repositoryStore_poolBusy_dataAccessExceptionWithThePoolsCause() throws Exception {
        try (Database db = TestDatabase.open(TestDatabase.freshJdbcUrl(), 1);
             Connection taken = db.dataSource().getConnection()) {
            assertThat(taken.isValid(5)).isTrue();

            assertThatThrownBy(() -> db.cursors().get("weu", "mpl"))
                    .isInstanceOf(DataAccessException.class)
                    .hasRootCauseInstanceOf(SQLTransientConnectionException.class);
        }
    }

    @Test
    void plainJdbcStore_poolBusy_dataAccessExceptionWithThePoolsCause() throws Exception {
        try (Database db = TestDatabase.open(TestDatabase.freshJdbcUrl(), 1);
             Connection taken = db.dataSource().getConnection()) {
            assertThat(taken.isValid(5)).isTrue();

            assertThatThrownBy(() -> db.tenants().all())
                    .isInstanceOf(DataAccessException.class)
                    .hasRootCauseInstanceOf(SQLTransientConnectionException.class);
        }
    }
}
