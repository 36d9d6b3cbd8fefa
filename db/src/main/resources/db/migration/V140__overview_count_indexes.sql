-- The overview's per-tenant counts (FAILED messages of the last 24 h, messages stuck PROCESSING/RETRY) read the tenant
-- from the index entry: index-only scans instead of one row visit per counted message. Same keys and predicates as
-- before (the rules' failed_messages and stuck_messages use them as they did), the tenant added as a payload column.
DROP INDEX mpl_failed_log_end_idx;
CREATE INDEX mpl_failed_log_end_idx ON mpl (log_end) INCLUDE (tenant_id) WHERE status = 'FAILED';
DROP INDEX mpl_running_log_start_idx;
CREATE INDEX mpl_running_log_start_idx ON mpl (log_start) INCLUDE (tenant_id) WHERE status IN ('PROCESSING', 'RETRY');
