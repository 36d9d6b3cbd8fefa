/**
 * The alerting component ({@link io.cpimon.alerting.AlertingService}): starts and stops the rule evaluator and the
 * outbox dispatcher on virtual threads and wires them once, with one router and one notification planner, to the
 * stores ({@link io.cpimon.alerting.AlertingStores}). Rules, lifecycle, outbox, channels and inbound adapters live
 * in the sub-packages.
 */
package io.cpimon.alerting;
