/**
 * The state of each primary/DR pair as the alerts record it: which tenant is active, the failover and failback
 * history, open DR drift and duplicate business keys. A read model over the alert store; it decides nothing and
 * changes nothing.
 */
package io.cpimon.alerting.pairs;
