package io.cpimon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's forwarder: every MPL the demo's cpimon stores reaches the simulator's Azure Monitor Logs peer (HTTPS
 * with a self-signed certificate that only the forwarder trusts), and {@code GET /api/v1/forwarders} shows it.
 */
class DemoForwardingIT {
    static RunningCpimon cpimon;

    @BeforeAll
    static void start() throws Exception {
        cpimon = new RunningCpimon();
    }

    @AfterAll
    static void stop() {
        if (cpimon != null) {
            cpimon.close();
        }
    }

    @Test
    void demo_forwardsStoredMessages_toTheAzureMonitorPeer_statusShowsIt() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> cpimon.sim.azureMonitor().rows(Demo.LAW_STREAM).size() >= 10);
        List<JsonObject> rows = cpimon.sim.azureMonitor().rows(Demo.LAW_STREAM);
        assertThat(rows).extracting(r -> r.getString("Tenant")).containsAnyOf(Demo.PRIMARY, Demo.DR, Demo.THIRD);
        assertThat(rows.get(0).getString("MessageGuid")).isNotBlank();

        JsonObject law = cpimon.getArray("/api/v1/forwarders").getJsonObject(0);
        assertThat(law.getString("name")).isEqualTo("law");
        assertThat(law.getString("type")).isEqualTo("azure-monitor-logs");
        assertThat(law.getString("stopped")).isNull();
        // the cursor and its last success move after the peer acknowledged: a moment after the rows arrived
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                cpimon.getArray("/api/v1/forwarders").getJsonObject(0).getString("lastSuccess")).isNotNull());
    }
}
