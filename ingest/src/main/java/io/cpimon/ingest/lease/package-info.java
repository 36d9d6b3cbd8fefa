/**
 * Several cpimon instances on one database: each instance's heartbeat, the per-tenant leases that decide which
 * instance runs a tenant's poller and probe, their even spread over the live instances, and the leader lease under
 * which the rule evaluator and retention run.
 */
package io.cpimon.ingest.lease;
