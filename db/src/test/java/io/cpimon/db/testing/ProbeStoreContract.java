package io.cpimon.db.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.db.ProbeResult;
import io.cpimon.db.ProbeStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract of the probe result store. Extend it with a fresh, empty store per test. */
public abstract class ProbeStoreContract {
    protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    protected abstract ProbeStore probes();

    private static ProbeResult up(String tenant, int second) {
        return new ProbeResult(tenant, T0.plusSeconds(second), true, 401, 42, null);
    }

    private static ProbeResult down(String tenant, int second) {
        return new ProbeResult(tenant, T0.plusSeconds(second), false, null, 5000, "connect timed out");
    }

    @Test
    void lastN_results_newestFirstLimited() {
        for (int s = 0; s < 5; s++) {
            probes().record(s % 2 == 0 ? up("weu", s * 10) : down("weu", s * 10));
        }
        probes().record(up("eus", 100));

        assertThat(probes().lastN("weu", 3)).containsExactly(up("weu", 40), down("weu", 30), up("weu", 20));
        assertThat(probes().lastN("nobody", 3)).isEmpty();
    }

    @Test
    void lastNPerTenant_everyTenant_newestFirstLimited() {
        for (int s = 0; s < 5; s++) {
            probes().record(s % 2 == 0 ? up("weu", s * 10) : down("weu", s * 10));
        }
        probes().record(up("eus", 100));

        assertThat(probes().lastNPerTenant(3)).isEqualTo(Map.of(
                "weu", List.of(up("weu", 40), down("weu", 30), up("weu", 20)),
                "eus", List.of(up("eus", 100))));
        assertThat(probes().lastNPerTenant(0)).isEmpty();
    }

    @Test
    void record_twoResultsAtTheSameInstant_keepsBoth() {
        probes().record(up("weu", 0));
        probes().record(down("weu", 0));

        assertThat(probes().lastN("weu", 10)).containsExactlyInAnyOrder(up("weu", 0), down("weu", 0));
    }

    @Test
    void latestPerTenant_everyTenant_hasItsNewest() {
        probes().record(up("weu", 0));
        probes().record(down("weu", 10));
        probes().record(up("eus", 5));

        assertThat(probes().latestPerTenant()).isEqualTo(Map.of("weu", down("weu", 10), "eus", up("eus", 5)));
    }

    @Test
    void deleteOlderThan_cutoff_deletesOnlyOlderResults() {
        probes().record(up("weu", 0));
        probes().record(up("weu", 10));
        probes().record(up("weu", 20));

        assertThat(probes().deleteOlderThan(T0.plusSeconds(10))).isEqualTo(1);
        assertThat(probes().lastN("weu", 10)).containsExactly(up("weu", 20), up("weu", 10));
    }
}
