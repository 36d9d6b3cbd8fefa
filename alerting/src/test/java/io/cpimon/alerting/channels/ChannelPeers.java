package io.cpimon.alerting.channels;

import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * What the channel ITs talk through and to: the simulator's channel peers (Teams, ServiceNow, Azure Monitor, webhook,
 * SMTP) on the wall clock, and one Vert.x with the WebClient the channels use. Started once per test class, closed
 * in reverse order.
 */
public record ChannelPeers(Simulator sim, Vertx vertx, WebClient client) implements AutoCloseable {

    public static ChannelPeers start() {
        Simulator sim = Simulator.start(SimClock.system());
        Vertx vertx = Vertx.vertx();
        return new ChannelPeers(sim, vertx, WebClient.create(vertx, new WebClientOptions().setConnectTimeout(2_000)));
    }

    @Override
    public void close() {
        client.close();
        vertx.close().await();
        sim.close();
    }
}
