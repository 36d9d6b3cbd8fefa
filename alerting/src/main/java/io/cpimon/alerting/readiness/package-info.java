/**
 * DR readiness: whether the DR tenant of each pair would really take over. Compares what ingest stored of both
 * tenants (artifacts, keystore, security artifacts, variables, number ranges) into explained findings, one score per
 * pair, and the findings acknowledged on purpose.
 */
package io.cpimon.alerting.readiness;
