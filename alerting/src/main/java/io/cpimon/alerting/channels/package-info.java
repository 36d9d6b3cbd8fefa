/**
 * Notification channels and what they render: the notice model ({@link io.cpimon.alerting.channels.GroupNotice},
 * {@link io.cpimon.alerting.channels.AlertNotice}, {@link io.cpimon.alerting.channels.GroupKey},
 * {@link io.cpimon.alerting.channels.NoticeStatus}), the {@link io.cpimon.alerting.channels.Channel} contract (one
 * attempt → {@link io.cpimon.alerting.channels.Delivery}), the channel implementations, their factory and tester.
 */
package io.cpimon.alerting.channels;
