package io.cpimon.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpimon.db.ProbeResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TenantMetersTest {
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Instant now = T0;
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void poll_countsInsertedRows_timesByOutcome_andResetsTheLagOnSuccess() {
        TenantMeters meters = new TenantMeters(registry, "prod-weu", clock);
        now = T0.plusSeconds(30);
        assertThat(registry.get("cpimon.ingest.lag").tag("tenant", "prod-weu").gauge().value()).isEqualTo(30.0);

        meters.poll(() -> new MplPoller.Outcome(1, 10, 7, 3, now, 0, 0));
        now = now.plusSeconds(5);
        assertThatThrownBy(() -> meters.poll(() -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");

        assertThat(registry.get("cpimon.ingest.rows").tag("tenant", "prod-weu").counter().count()).isEqualTo(7.0);
        assertThat(registry.get("cpimon.ingest.poll.duration").tag("outcome", "success").timer().count()).isEqualTo(1);
        assertThat(registry.get("cpimon.ingest.poll.duration").tag("outcome", "failure").timer().count()).isEqualTo(1);
        assertThat(registry.get("cpimon.ingest.lag").gauge().value()).as("since the successful poll began")
                .isEqualTo(5.0);
    }

    @Test
    void probe_recordsLatencyUnderItsResult_andCloseRemovesTheMeters() {
        TenantMeters meters = new TenantMeters(registry, "dev-weu", clock);
        meters.probe(() -> new ProbeResult("dev-weu", T0, true, 401, 120, null));
        meters.probe(() -> new ProbeResult("dev-weu", T0, false, null, 5000, "refused"));

        assertThat(registry.get("cpimon.probe.duration").tag("result", "up").timer().totalTime(
                TimeUnit.MILLISECONDS)).isEqualTo(120.0);
        assertThat(registry.get("cpimon.probe.duration").tag("result", "down").timer().max(
                TimeUnit.SECONDS)).isEqualTo(5.0);

        meters.close();
        assertThat(registry.getMeters()).isEmpty();
    }
}
