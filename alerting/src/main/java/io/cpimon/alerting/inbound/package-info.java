/**
 * Alerts that arrive from outside instead of from a rule (Azure Monitor's common alert schema), turned into cpimon
 * alerts with their lifecycle and routed, grouped and notified like any other.
 */
package io.cpimon.alerting.inbound;
