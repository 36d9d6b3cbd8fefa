package io.cpimon.alerting.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.config.CpimonConfig;
import io.cpimon.config.Secret;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link ChannelContract} for the Alertmanager push channel, against {@link AlertmanagerReceiver}. */
class AlertmanagerChannelContractIT extends HttpChannelContract {
    static final String PASSWORD = "am-canary-44b0";
    static AlertmanagerReceiver am;

    @BeforeAll
    static void startReceiver() {
        am = new AlertmanagerReceiver(vertx);
        am.requireAuthorization("Basic " + Base64.getEncoder().encodeToString(("cpimon:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    @AfterAll
    static void stopReceiver() {
        am.close();
    }

    @Override
    protected Channel newChannel() {
        return new AlertmanagerChannel(new AlertmanagerChannelConfig(CHANNEL, URI.create(am.url()),
                new CpimonConfig.BasicAuthConfig("cpimon", Secret.of(PASSWORD))), client, TIMEOUT);
    }

    @Override
    protected void peerFails(int status, Duration retryAfter) {
        am.failWith(status, retryAfter);
    }

    @Override
    protected void peerDown() {
        am.down();
    }

    @Override
    protected void peerHealthy() {
        am.failWith(0, null);
        am.up();
    }

    @Override
    protected int received() {
        return am.received().size();
    }

    @Override
    protected List<String> payloads() {
        return am.bodies();
    }

    @Override
    protected List<String> secrets() {
        return List.of(PASSWORD);
    }

    @Test
    void send_firingThenResolved_endsAtAheadWhileFiringThenTheEnd() {
        int before = received();
        GroupNotice firing = notice("firing");
        channel().send(firing);
        GroupNotice resolved = notice("resolved");
        channel().send(resolved);

        JsonObject f = am.received().get(before).getJsonObject(0);
        JsonObject r = am.received().get(before + 1).getJsonObject(0);
        assertThat(f.getJsonObject("labels").getString("tenant")).isEqualTo("prd-weu");
        assertThat(Instant.parse(f.getString("endsAt"))).isAfter(firing.sentAt().plus(Duration.ofHours(4)));
        assertThat(Instant.parse(r.getString("endsAt"))).isBeforeOrEqualTo(resolved.sentAt());
        assertThat(f.getString("startsAt")).isEqualTo(firing.firing().get(0).startsAt());
    }
}
