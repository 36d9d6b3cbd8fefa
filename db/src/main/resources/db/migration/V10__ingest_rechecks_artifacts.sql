-- Ingest (issue #4): bookkeeping of the poller's re-reads and error-text fetches, richer keystore rows.

-- When the poller last re-read a message that had not ended (PROCESSING, RETRY, ABANDONED) by its GUID.
ALTER TABLE mpl ADD COLUMN rechecked_at timestamptz;
-- When the poller fetched ErrorInformation/$value of a FAILED/ESCALATED message (fetched once; null: still to do).
ALTER TABLE mpl ADD COLUMN error_fetched_at timestamptz;
-- the poller's "error texts still to fetch" query
CREATE INDEX mpl_error_text_todo_idx ON mpl (tenant_id, log_end)
    WHERE status IN ('FAILED', 'ESCALATED') AND error_fetched_at IS NULL;

ALTER TABLE keystore_entry ADD COLUMN owner text;
ALTER TABLE keystore_entry ADD COLUMN subject_dn text;
ALTER TABLE keystore_entry ADD COLUMN issuer_dn text;
ALTER TABLE keystore_entry ADD COLUMN valid_not_before timestamptz;
