package io.cpimon.simulator.scenario;

import io.cpimon.simulator.tenant.BusinessKeySequence;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.cpimon.simulator.tenant.TrafficGenerator;
import java.time.Instant;
import java.util.Objects;

/**
 * Two tenants that receive the same business traffic (primary + DR). The pair's traffic is generated
 * once from the primary's iFlows and routed per {@link Routing}: in {@link Routing#AUTO} to the primary
 * while it accepts traffic (up, no runtime fault), else to the DR tenant (failover); in {@link Routing#BOTH} both tenants process every
 * business message (split brain: same ApplicationMessageId and business-key header on both). Thread-safe.
 */
public final class TenantPair {

    /** Where business messages go. */
    public enum Routing {
        /** primary while it is up, else DR. */
        AUTO,
        /** the primary only (messages are lost while it is down). */
        PRIMARY,
        /** the DR tenant only. */
        DR,
        /** active-active: each message to one tenant, alternating by business key. */
        ACTIVE_ACTIVE,
        /** both tenants process every message (split brain). */
        BOTH
    }

    private final SimulatedTenant primary;
    private final SimulatedTenant dr;
    private final BusinessKeySequence keys;
    private volatile Routing routing = Routing.AUTO;

    public TenantPair(SimulatedTenant primary, SimulatedTenant dr, BusinessKeySequence keys) {
        this.primary = Objects.requireNonNull(primary);
        this.dr = Objects.requireNonNull(dr);
        this.keys = keys;
    }

    public SimulatedTenant primary() {
        return primary;
    }

    public SimulatedTenant dr() {
        return dr;
    }

    public Routing routing() {
        return routing;
    }

    public TenantPair routing(Routing r) {
        this.routing = Objects.requireNonNull(r);
        return this;
    }

    /** Generates the pair's business traffic with LogStart in [from, to) and routes it. */
    public void generate(Instant from, Instant to) {
        Routing r = routing;
        for (TrafficGenerator.BusinessMessage m : TrafficGenerator.arrivals(primary.spec().iflows(), primary.spec().seed(), from, to, keys)) {
            switch (r) {
                case PRIMARY -> deliver(primary, m);
                case DR -> deliver(dr, m);
                case BOTH -> {
                    deliver(primary, m);
                    deliver(dr, m);
                }
                case ACTIVE_ACTIVE -> {
                    boolean first = (Long.parseLong(m.businessKey()) & 1) == 0;
                    SimulatedTenant target = first ? primary : dr;
                    SimulatedTenant other = first ? dr : primary;
                    if (!deliver(target, m)) {
                        deliver(other, m);
                    }
                }
                case AUTO -> {
                    if (!deliver(primary, m)) {
                        deliver(dr, m);
                    }
                }
            }
        }
    }

    /** True when {@code t} accepts traffic (see {@link SimulatedTenant#acceptsTraffic()}) and processed the message. */
    private static boolean deliver(SimulatedTenant t, TrafficGenerator.BusinessMessage m) {
        return t.acceptsTraffic() && t.receive(m);
    }

    @Override
    public String toString() {
        return "TenantPair[" + primary.id() + " / " + dr.id() + " " + routing + "]";
    }
}
