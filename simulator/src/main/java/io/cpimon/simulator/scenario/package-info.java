/**
 * Scripted landscapes: {@link io.cpimon.simulator.scenario.TenantPair} routes a primary/DR pair's traffic, and
 * {@link io.cpimon.simulator.scenario.Scenarios} builds the named scenarios (failover, split-brain, dr-drift, stuck,
 * storm, quiet) as a {@link io.cpimon.simulator.scenario.ScenarioRun}: a timeline in phases on the SimClock.
 */
package io.cpimon.simulator.scenario;
