-- Dashboard (overview, tenant and pair pages): covering indexes for the probe heartbeat buckets, so that a time range
-- of every tenant (the overview) or of one tenant (its charts) is an index-only scan; the dead outbox rows counted on
-- the overview.
CREATE INDEX probe_result_at_cover_idx ON probe_result (at) INCLUDE (tenant_id, up, latency_millis);
CREATE INDEX probe_result_tenant_at_cover_idx ON probe_result (tenant_id, at) INCLUDE (up, latency_millis);
CREATE INDEX notification_dead_idx ON notification (dead_at) WHERE state = 'DEAD';
-- keystore entries by expiry (overview count, tenant page)
CREATE INDEX keystore_entry_not_after_idx ON keystore_entry (valid_not_after);
