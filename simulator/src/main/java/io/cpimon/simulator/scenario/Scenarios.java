package io.cpimon.simulator.scenario;

import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.tenant.IflowSpec;
import io.cpimon.simulator.tenant.Realism;
import io.cpimon.simulator.tenant.RuntimeArtifact;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.cpimon.simulator.tenant.TenantSpec;
import java.time.Duration;
import java.util.List;

/**
 * The scripted scenarios. Each adds the tenants it needs (or reuses tenants with those ids),
 * generates one hour of history (a day for {@code quiet}) and returns a {@link ScenarioRun} whose
 * timeline is in phases of length {@code phase} from the clock's now:
 * <ul>
 * <li>{@code failover} (pair prd-weu → prd-eus, routing AUTO): P primary runtime and API down, traffic moves to the DR
 * tenant; 2P primary back, traffic returns. Repeats every 3P.</li>
 * <li>{@code split-brain} (pair, ACTIVE_ACTIVE): P both tenants process the same business keys; 2P back to one tenant per key. Repeats every 3P.</li>
 * <li>{@code dr-drift} (pair): from 0 the DR tenant lacks Send_Invoices_to_Ariba and runs Replicate_Orders_S4_to_WMS
 * 1.1.0 against the primary's 1.2.0; P Sync_BusinessPartner_to_CRM goes ERROR on DR; 2P DR repaired. Repeats every 3P.</li>
 * <li>{@code stuck} (prd-weu): P new Replicate_Orders_S4_to_WMS messages stay PROCESSING; 2P new messages complete again
 * (the stuck ones never end). Repeats every 3P.</li>
 * <li>{@code storm} (storm-weu, 40 iFlows): P all 40 iFlows fail every message; 2P they recover. Repeats every 3P.</li>
 * <li>{@code quiet} (pair prd-weu → prd-eus): a day of normal traffic before the start, normal traffic after; no events.</li>
 * </ul>
 */
public final class Scenarios {

    public static final List<String> NAMES = List.of("failover", "split-brain", "dr-drift", "stuck", "storm", "quiet");
    public static final String PRIMARY = "prd-weu";
    public static final String DR = "prd-eus";
    public static final String STORM_TENANT = "storm-weu";

    private Scenarios() {
    }

    public static ScenarioRun create(Simulator sim, String name, Duration phase, int firstPort) {
        if (phase.isNegative() || phase.isZero()) {
            throw new IllegalArgumentException("phase must be positive");
        }
        PortSource ports = new PortSource(firstPort);
        var now = sim.clock().instant();
        Duration cycle = phase.multipliedBy(3);
        ScenarioRun run;
        switch (name) {
            case "failover" -> {
                TenantPair pair = pair(sim, ports).routing(TenantPair.Routing.AUTO);
                run = new ScenarioRun(name, sim, now, phase, cycle, List.of(PRIMARY, DR))
                        .at(Duration.ZERO, "primary " + PRIMARY + " active, DR " + DR + " standing by", s -> {
                            pair.routing(TenantPair.Routing.AUTO);
                            pair.primary().up();
                        })
                        .at(phase, "primary " + PRIMARY + " runtime and API down: traffic moves to " + DR, s -> pair.primary().down())
                        .at(phase.multipliedBy(2), "primary " + PRIMARY + " back: traffic returns", s -> pair.primary().up());
            }
            case "split-brain" -> {
                TenantPair pair = pair(sim, ports).routing(TenantPair.Routing.ACTIVE_ACTIVE);
                run = new ScenarioRun(name, sim, now, phase, cycle, List.of(PRIMARY, DR))
                        .at(Duration.ZERO, "active-active: each business key processed by one tenant",
                                s -> pair.routing(TenantPair.Routing.ACTIVE_ACTIVE))
                        .at(phase, "split brain: both tenants process the same business keys",
                                s -> pair.routing(TenantPair.Routing.BOTH))
                        .at(phase.multipliedBy(2), "split brain over: one tenant per business key",
                                s -> pair.routing(TenantPair.Routing.ACTIVE_ACTIVE));
            }
            case "dr-drift" -> {
                TenantPair pair = pair(sim, ports).routing(TenantPair.Routing.AUTO);
                SimulatedTenant p = pair.primary();
                SimulatedTenant d = pair.dr();
                run = new ScenarioRun(name, sim, now, phase, cycle, List.of(PRIMARY, DR))
                        .at(Duration.ZERO, "DR " + DR + " lacks Send_Invoices_to_Ariba and runs Replicate_Orders_S4_to_WMS 1.1.0 (primary 1.2.0)", s -> {
                            alignDr(p, d);
                            p.artifactVersion("Replicate_Orders_S4_to_WMS", "1.2.0");
                            d.artifactVersion("Replicate_Orders_S4_to_WMS", "1.1.0");
                            d.undeploy("Send_Invoices_to_Ariba");
                        })
                        .at(phase, "DR artifact Sync_BusinessPartner_to_CRM in ERROR", s -> d.artifactStatus("Sync_BusinessPartner_to_CRM", "ERROR"))
                        .at(phase.multipliedBy(2), "DR repaired: every primary artifact deployed at the primary's version", s -> alignDr(p, d));
            }
            case "stuck" -> {
                SimulatedTenant t = tenant(sim, PRIMARY, ports);
                run = new ScenarioRun(name, sim, now, phase, cycle, List.of(PRIMARY))
                        .at(phase, "new Replicate_Orders_S4_to_WMS messages stay PROCESSING", s -> t.stuck("Replicate_Orders_S4_to_WMS", true))
                        .at(phase.multipliedBy(2), "new Replicate_Orders_S4_to_WMS messages complete again (stuck ones stay)",
                                s -> t.stuck("Replicate_Orders_S4_to_WMS", false));
            }
            case "storm" -> {
                SimulatedTenant t = existingOr(sim, new TenantSpec(STORM_TENANT, ports.next(),
                        TenantSpec.manyIflows(40, 0.5, 0.0), 40L));
                run = new ScenarioRun(name, sim, now, phase, cycle, List.of(STORM_TENANT))
                        .at(phase, "all 40 iFlows of " + STORM_TENANT + " fail at once", s -> {
                            for (IflowSpec f : t.spec().iflows()) {
                                t.failureRatio(f.id(), 1.0);
                            }
                        })
                        .at(phase.multipliedBy(2), "the 40 iFlows recover", s -> t.resetBehaviour());
            }
            case "quiet" -> {
                pair(sim, ports).routing(TenantPair.Routing.AUTO);
                run = new ScenarioRun(name, sim, now, phase, Duration.ZERO, List.of(PRIMARY, DR));
            }
            default -> throw new IllegalArgumentException("unknown scenario '" + name + "' (one of " + NAMES + ")");
        }
        for (SimulatedTenant t : run.tenants()) {
            t.realism(Realism.FULL);
        }
        run.begin(name.equals("quiet") ? Duration.ofDays(1) : Duration.ofHours(1));
        return run;
    }

    private static void alignDr(SimulatedTenant primary, SimulatedTenant dr) {
        for (RuntimeArtifact a : primary.artifacts()) {
            dr.deploy(new RuntimeArtifact(a.id(), a.version(), a.name(), a.type(), a.deployedBy(), a.deployedOn(), "STARTED", null));
        }
    }

    private static TenantPair pair(Simulator sim, PortSource ports) {
        tenant(sim, PRIMARY, ports);
        tenant(sim, DR, ports);
        return sim.pair(PRIMARY, DR);
    }

    private static SimulatedTenant tenant(Simulator sim, String id, PortSource ports) {
        return existingOr(sim, TenantSpec.of(id).withPort(ports.next()));
    }

    private static SimulatedTenant existingOr(Simulator sim, TenantSpec spec) {
        for (SimulatedTenant t : sim.tenants()) {
            if (t.id().equals(spec.id())) {
                return t;
            }
        }
        return sim.addTenant(spec);
    }

    /** Consecutive ports from a first one; 0 stays 0 (ephemeral). */
    private static final class PortSource {
        private int next;

        PortSource(int first) {
            this.next = first;
        }

        int next() {
            return next == 0 ? 0 : next++;
        }
    }
}
