package io.cpimon.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.config.CpimonConfig.TenantConfig;
import io.cpimon.ingest.testing.SimulatedLandscape;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.cpimon.simulator.tenant.TenantSpec;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A probe that succeeds after a failed one runs its recovery action (the service wakes the MPL poller with it). */
class ProbeRecoveryIT {
    @RegisterExtension
    final SimulatedLandscape landscape = SimulatedLandscape.startingAt(Instant.parse("2026-11-24T10:00:00Z"));

    @Test
    void probeOnce_upAfterDown_runsTheRecoveryActionOnce() {
        SimulatedTenant tenant = landscape.sim().addTenant(TenantSpec.of("recovering"));
        TenantConfig config = landscape.oauth2(tenant);
        AtomicInteger recoveries = new AtomicInteger();
        TenantProbe probe = landscape.ingest(config).probe(config).onRecovery(recoveries::incrementAndGet);

        assertThat(probe.probeOnce().up()).isTrue();
        tenant.down();
        assertThat(probe.probeOnce().up()).isFalse();
        assertThat(probe.probeOnce().up()).isFalse();
        assertThat(recoveries).as("no recovery while down, none at the first success").hasValue(0);

        tenant.up();
        assertThat(probe.probeOnce().up()).isTrue();
        assertThat(probe.probeOnce().up()).isTrue();

        assertThat(recoveries).hasValue(1);
    }
}
