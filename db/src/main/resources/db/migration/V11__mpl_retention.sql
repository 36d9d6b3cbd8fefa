-- Retention of mpl (issue #4): rows are deleted in small batches by LogEnd (index mpl_log_end_idx); rows without
-- a LogEnd (RETRY entries with null dates) by first_seen, through this small partial index.
CREATE INDEX mpl_null_log_end_first_seen_idx ON mpl (first_seen) WHERE log_end IS NULL;
