/**
 * The alert lifecycle: the evaluation pipeline ({@link io.cpimon.alerting.lifecycle.AlertEvaluator}: rules →
 * lifecycle transitions → inhibition → silences → notification plan → writes → change notifications), the pure
 * decisions it asks ({@link io.cpimon.alerting.lifecycle.LifecycleDecider}, the mute stages), the router and the
 * planner that turns a change into outbox rows.
 */
package io.cpimon.alerting.lifecycle;
