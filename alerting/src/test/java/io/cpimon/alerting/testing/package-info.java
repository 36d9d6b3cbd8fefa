/**
 * Test objects every alerting test may share: the clock instant {@code NOW} and builders for notices, alerts and
 * routes ({@link io.cpimon.alerting.testing.AlertingFixtures}).
 */
package io.cpimon.alerting.testing;
