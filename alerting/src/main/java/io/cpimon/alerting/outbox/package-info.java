/**
 * The notification outbox's consumer: the {@link io.cpimon.alerting.outbox.Dispatcher} claims due alert groups and
 * runs each through the notification pipeline (channel → group → ack → dedup → group interval → rate limit →
 * send → record / retry / dead), deciding with {@link io.cpimon.alerting.outbox.GroupDedup} against the durable
 * notification log; it also enqueues repeats.
 */
package io.cpimon.alerting.outbox;
