/**
 * The simulated landscape as a whole: {@link io.cpimon.simulator.Simulator} (tenants, pairs, peers, live traffic,
 * scenarios on one settable {@link io.cpimon.simulator.SimClock}), its admin API, the command line
 * ({@link io.cpimon.simulator.SimulatorMain}), and what tenants and peers share (blocking waits on Vert.x futures,
 * Basic credentials). Tenants live in {@code .tenant}, peers in {@code .peers}, scenarios in {@code .scenario}.
 */
package io.cpimon.simulator;
