/**
 * Failover actions of pairs: the guard that decides when a failover or failback calls for one (failed probes, a
 * re-check, the reverse's hysteresis), the service that moves each action through approval and execution, one in
 * flight per pair, and the HTTP call with its dry-run.
 */
package io.cpimon.alerting.actions;
