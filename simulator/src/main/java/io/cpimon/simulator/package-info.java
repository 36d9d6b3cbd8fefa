/**
 * Simulated SAP Cloud Integration tenants and notification peers as real HTTP (and SMTP) servers
 * on 127.0.0.1, with fault injection, scripted scenarios on a settable {@link io.cpimon.simulator.SimClock}
 * and a ground-truth record of every message processing log. Entry points: {@link io.cpimon.simulator.Simulator}
 * (Java) and {@link io.cpimon.simulator.SimulatorMain} (command line).
 */
package io.cpimon.simulator;
