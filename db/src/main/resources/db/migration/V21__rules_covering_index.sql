-- Rules engine (issue #5): the windowed counts (success_rate_drop, throughput_drop and its baseline days, failover
-- shares, failed_messages' share) read only these columns of the MPLs in a LogEnd range: an index-only scan.
CREATE INDEX mpl_log_end_counts_idx ON mpl (log_end) INCLUDE (tenant_id, integration_flow_name, status);
