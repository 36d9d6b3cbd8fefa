package io.cpimon.alerting.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.config.Secret;
import io.cpimon.simulator.peers.PeerRequest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ChannelContract} for ServiceNow incidents (Table API), plus the incident lifecycle. */
class ServiceNowChannelContractIT extends HttpChannelContract {

    @BeforeEach
    void emptyInstance() {
        sim.serviceNow().clear();
    }

    ServiceNowChannelConfig config(ServiceNowMode mode) {
        return new ServiceNowChannelConfig(CHANNEL, URI.create(sim.serviceNow().instanceUrl()), sim.serviceNow().user(),
                Secret.of(sim.serviceNow().password()), null, mode, "Solution provided", "Auto-resolved by cpimon");
    }

    @Override
    protected Channel newChannel() {
        return new ServiceNowChannel(config(ServiceNowMode.TABLE), client, TIMEOUT);
    }

    @Override
    protected void peerFails(int status, Duration retryAfter) {
        sim.serviceNow().failWith(status, retryAfter);
    }

    @Override
    protected void peerDown() {
        sim.serviceNow().down();
    }

    @Override
    protected void peerHealthy() {
        sim.serviceNow().failWith(0);
        sim.serviceNow().up();
    }

    /** Incidents plus journal entries: each accepted notification creates, updates or resolves. */
    @Override
    protected int received() {
        return sim.serviceNow().incidents().stream()
                .mapToInt(i -> 1 + sim.serviceNow().journal(i.getString("sys_id")).size()).sum();
    }

    @Override
    protected List<String> payloads() {
        return sim.serviceNow().requests().stream().map(PeerRequest::bodyAsString).toList();
    }

    @Override
    protected List<String> secrets() {
        return List.of(sim.serviceNow().password());
    }

    @Test
    void lifecycle_firstRepeatResolved_oneIncidentWithWorkNotesResolvedWithCloseCode() {
        Channel c = channel();
        GroupNotice first = notice("firing");
        Delivery created = c.send(first);
        Delivery again = c.send(first); // the answer of the first attempt was lost: the lookup finds it
        GroupNotice repeat = new GroupNotice(first.groupKey(), CHANNEL, "repeat interval elapsed", first.groupLabels(),
                first.firing(), List.of(), first.episodeStart(), null, null, first.sentAt().plusSeconds(3600));
        c.send(repeat);
        GroupNotice resolvedOne = notice("resolved");
        Delivery resolved = c.send(new GroupNotice(first.groupKey(), CHANNEL, "all alerts resolved", first.groupLabels(),
                List.of(), resolvedOne.resolved(), first.episodeStart(), null, null, first.sentAt().plusSeconds(7200)));

        assertThat(sim.serviceNow().incidents()).hasSize(1);
        JsonObject incident = sim.serviceNow().incidents().get(0);
        assertThat(((Delivery.Delivered) created).externalRef()).isEqualTo(incident.getString("sys_id"));
        assertThat(((Delivery.Delivered) again).externalRef()).isEqualTo(incident.getString("sys_id"));
        assertThat(resolved).isInstanceOf(Delivery.Delivered.class);
        assertThat(incident.getString("correlation_id")).isEqualTo(ServiceNowChannel.correlationId(first));
        assertThat(incident.getString("state")).isEqualTo("6");
        assertThat(incident.getString("close_code")).isEqualTo("Solution provided");
        assertThat(incident.getString("urgency")).isEqualTo("1");
        assertThat(sim.serviceNow().journal(incident.getString("sys_id"))).extracting(j -> j.getString("field"))
                .containsExactly("work_notes", "work_notes");
    }

    @Test
    void lifecycle_refiringAfterResolve_opensASecondIncident() {
        Channel c = channel();
        c.send(notice("firing"));
        GroupNotice r = notice("resolved");
        c.send(new GroupNotice(r.groupKey(), CHANNEL, "all alerts resolved", r.groupLabels(), List.of(), r.resolved(),
                r.episodeStart(), null, null, r.sentAt()));

        c.send(notice("firing"));

        assertThat(sim.serviceNow().incidents()).extracting(i -> i.getString("state")).containsExactly("6", "1");
    }

    @Test
    void eventMode_firingThenResolved_sameMessageKeySeverityZeroClears() {
        Channel c = new ServiceNowChannel(config(ServiceNowMode.EVENT), client, TIMEOUT);

        assertThat(c.send(notice("firing"))).isInstanceOf(Delivery.Delivered.class);
        assertThat(c.send(notice("resolved"))).isInstanceOf(Delivery.Delivered.class);

        assertThat(sim.serviceNow().events()).extracting(e -> e.getString("severity")).containsExactly("1", "0");
        assertThat(sim.serviceNow().events()).extracting(e -> e.getString("message_key")).containsOnly("cpimon:0123456789abcdef");
        assertThat(new JsonObject(sim.serviceNow().events().get(0).getString("additional_info")).getString("tenant")).isEqualTo("prd-weu");
        assertThat(sim.serviceNow().incidents()).isEmpty();
    }
}
