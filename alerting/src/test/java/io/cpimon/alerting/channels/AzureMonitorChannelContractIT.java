package io.cpimon.alerting.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.config.Secret;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ChannelContract} for Azure Monitor Logs Ingestion over HTTPS (the simulator's peer and certificate). */
class AzureMonitorChannelContractIT extends HttpChannelContract {
    static final String STREAM = "Custom-CpimonAlerts";

    AzureMonitorChannelConfig config(String clientSecret) {
        var peer = sim.azureMonitor();
        return new AzureMonitorChannelConfig(CHANNEL, URI.create(peer.endpoint()), peer.dcrImmutableId(), STREAM,
                new AzureCredentialConfig(peer.tenantId(), peer.clientId(), Secret.of(clientSecret),
                        URI.create(peer.authorityHost())));
    }

    @Override
    protected Channel newChannel() {
        return new AzureMonitorChannel(config(sim.azureMonitor().clientSecret()),
                sim.azureMonitor().certificate().sslContext(), TIMEOUT);
    }

    @Override
    protected void peerFails(int status, Duration retryAfter) {
        sim.azureMonitor().failWith(status, retryAfter);
    }

    @Override
    protected void peerDown() {
        sim.azureMonitor().down();
    }

    @Override
    protected void peerHealthy() {
        sim.azureMonitor().failWith(0);
        sim.azureMonitor().up();
    }

    @Override
    protected int received() {
        return sim.azureMonitor().rows(STREAM).size();
    }

    @Override
    protected List<String> payloads() {
        return sim.azureMonitor().rows(STREAM).stream().map(JsonObject::encode).toList();
    }

    @Override
    protected List<String> secrets() {
        return List.of(sim.azureMonitor().clientSecret());
    }

    @Test
    void send_firing_oneRecordPerAlertWithLabelsAsDynamic() {
        int before = received();

        channel().send(notice("firing"));

        JsonObject row = sim.azureMonitor().rows(STREAM).get(before);
        assertThat(row.getString("Status")).isEqualTo("firing");
        assertThat(row.getString("Tenant")).isEqualTo("prd-weu");
        assertThat(row.getString("Fingerprint")).isEqualTo("0123456789abcdef");
        assertThat(row.getJsonObject("Labels").getString("severity")).isEqualTo("critical");
        assertThat(row.getString("TimeGenerated")).isNotBlank();
    }

    @Test
    void send_wrongClientSecret_failsWithoutShowingIt() {
        Channel c = new AzureMonitorChannel(config("wrong-canary-5d1e"), sim.azureMonitor().certificate().sslContext(), TIMEOUT);

        Delivery d = c.send(notice("firing"));

        assertThat(d).isInstanceOf(Delivery.Failed.class);
        assertThat(reason(d)).contains("401").doesNotContain("wrong-canary-5d1e");
    }
}
