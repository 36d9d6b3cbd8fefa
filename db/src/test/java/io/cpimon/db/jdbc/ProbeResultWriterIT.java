package io.cpimon.db.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cpimon.db.DataAccessException;
import io.cpimon.db.ProbeResult;
import io.cpimon.db.testing.FreshDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The group commit of probe results against PostgreSQL: what ends a linger, and that closing loses nothing. */
class ProbeResultWriterIT {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    /** Longer than any test: only an urgent result, a full batch or closing ends a linger. */
    private static final Duration FOREVER = Duration.ofMinutes(10);

    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase();

    private static ProbeResult up(String tenant, int second) {
        return new ProbeResult(tenant, T0.plusSeconds(second), true, 401, 42, null);
    }

    private static ProbeResult down(String tenant, int second) {
        return new ProbeResult(tenant, T0.plusSeconds(second), false, null, 5000, "connect timed out");
    }

    private static JdbcTransactions tx() {
        return new JdbcTransactions(db.get().dataSource());
    }

    private static Thread writing(ProbeResultWriter writer, ProbeResult r) {
        return Thread.ofVirtual().start(() -> writer.write(r));
    }

    @Test
    void write_steadySuccessAtALowRate_storedAtOnceDespiteTheLinger() {
        try (ProbeResultWriter writer = new ProbeResultWriter(tx(), FOREVER, ProbeResultWriter.BUSY_PER_SECOND)) {
            writer.write(up("weu", 0));
            writer.write(up("weu", 10));

            assertThat(db.get().probes().lastN("weu", 5)).containsExactly(up("weu", 10), up("weu", 0));
        }
    }

    @Test
    void write_firstResultOfTenant_storedAtOnce() {
        try (ProbeResultWriter writer = new ProbeResultWriter(tx(), FOREVER, 0)) {
            writer.write(up("weu", 0));

            assertThat(db.get().probes().lastN("weu", 5)).containsExactly(up("weu", 0));
        }
    }

    @Test
    void write_steadySuccessesThenAFailure_oneStatementStoresThemAll() throws Exception {
        try (ProbeResultWriter writer = new ProbeResultWriter(tx(), FOREVER, 0)) {
            for (int i = 0; i < 50; i++) {
                writer.write(up("t" + i, 0)); // a tenant's first result goes at once
            }
            long before = writer.inserts();
            List<Thread> writers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                writers.add(writing(writer, up("t" + i, 10)));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> writer.waiting() == 50);

            writer.write(down("t0", 11));
            for (Thread t : writers) {
                t.join(Duration.ofSeconds(30));
            }

            assertThat(writer.inserts() - before).isEqualTo(1);
            assertThat(db.get().probes().lastNPerTenant(5)).hasSize(50);
            assertThat(db.get().probes().lastN("t0", 5)).containsExactly(down("t0", 11), up("t0", 10), up("t0", 0));
        }
    }

    @Test
    void write_successAfterFailure_storedAtOnce() {
        try (ProbeResultWriter writer = new ProbeResultWriter(tx(), FOREVER, 0)) {
            writer.write(down("weu", 0));

            writer.write(up("weu", 10));

            assertThat(db.get().probes().lastN("weu", 5)).containsExactly(up("weu", 10), down("weu", 0));
        }
    }

    @Test
    void close_resultsWaiting_storedBeforeItReturns() throws Exception {
        ProbeResultWriter writer = new ProbeResultWriter(tx(), FOREVER, 0);
        writer.write(up("weu", 0));
        Thread lingering = writing(writer, up("weu", 10));
        await().atMost(Duration.ofSeconds(30)).until(() -> writer.waiting() == 1);

        writer.close();

        assertThat(db.get().probes().lastN("weu", 5)).containsExactly(up("weu", 10), up("weu", 0));
        assertThat(lingering.join(Duration.ofSeconds(30))).isTrue();
        assertThatThrownBy(() -> writer.write(up("weu", 20))).isInstanceOf(DataAccessException.class)
                .hasMessageContaining("closed");
    }
}
