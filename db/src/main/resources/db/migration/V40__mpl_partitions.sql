-- Retention at 100 M rows (issue #4): mpl becomes a table partitioned by UTC day, so that retention drops whole
-- partitions instead of deleting rows. See db/RATIONALE.md ("Daily partitions") and the index map there.
--
-- part_day is immutable: the UTC day of LogStart when the message is first stored with one, else the UTC day of its
-- first sighting. CPI never changes a LogStart once set, so a re-read of a dated message maps to the same part_day
-- and ON CONFLICT (tenant_id, message_guid, part_day) finds the row. A message first stored without LogStart is
-- recorded in mpl_undated, where a later dated re-read finds its part_day (JdbcMplStore.upsertPage).
-- The default partition holds rows of days without a partition (older than the retention, or far in the future);
-- RetentionJob creates a partition per day of [today - retention, today + 3 days] and moves such rows into it.

CREATE TABLE mpl_new (
    tenant_id                text NOT NULL,
    message_guid             text NOT NULL CONSTRAINT mpl_message_guid_not_blank CHECK (btrim(message_guid) <> ''),
    correlation_id           text,
    application_message_id   text,
    application_message_type text,
    predecessor_message_guid text,
    log_start                timestamptz,
    log_end                  timestamptz,
    sender                   text,
    receiver                 text,
    integration_flow_name    text,
    status                   text,
    custom_status            text,
    alternate_web_link       text,
    artifact_id              text,
    artifact_name            text,
    artifact_type            text,
    package_id               text,
    package_name             text,
    log_level                text,
    archiving_status         text,
    transaction_id           text,
    previous_component_name  text,
    local_component_name     text,
    origin_component_name    text,
    business_key             text,
    custom_headers           jsonb,
    error_text               text,
    first_seen               timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now(),
    rechecked_at             timestamptz,
    error_fetched_at         timestamptz,
    -- the day of first sighting is right for undated rows only; JdbcMplStore always sets it (day of LogStart)
    part_day                 date NOT NULL DEFAULT ((now() AT TIME ZONE 'UTC')::date)
) PARTITION BY RANGE (part_day);

CREATE TABLE mpl_default PARTITION OF mpl_new DEFAULT;

-- one partition per day present in the last 400 days (and up to 3 days ahead); anything else goes to the default
DO $$
DECLARE
    d date;
BEGIN
    FOR d IN SELECT DISTINCT (COALESCE(log_start, first_seen) AT TIME ZONE 'UTC')::date AS day FROM mpl
             WHERE COALESCE(log_start, first_seen) >= now() - interval '400 days'
               AND COALESCE(log_start, first_seen) < date_trunc('day', now() AT TIME ZONE 'UTC') + interval '4 days'
             ORDER BY day
    LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF mpl_new FOR VALUES FROM (%L) TO (%L)',
                       'mpl_p' || to_char(d, 'YYYYMMDD'), d, d + 1);
    END LOOP;
END $$;

INSERT INTO mpl_new (tenant_id, message_guid, correlation_id, application_message_id, application_message_type,
                     predecessor_message_guid, log_start, log_end, sender, receiver, integration_flow_name, status,
                     custom_status, alternate_web_link, artifact_id, artifact_name, artifact_type, package_id,
                     package_name, log_level, archiving_status, transaction_id, previous_component_name,
                     local_component_name, origin_component_name, business_key, custom_headers, error_text,
                     first_seen, updated_at, rechecked_at, error_fetched_at, part_day)
SELECT tenant_id, message_guid, correlation_id, application_message_id, application_message_type,
       predecessor_message_guid, log_start, log_end, sender, receiver, integration_flow_name, status,
       custom_status, alternate_web_link, artifact_id, artifact_name, artifact_type, package_id,
       package_name, log_level, archiving_status, transaction_id, previous_component_name,
       local_component_name, origin_component_name, business_key, custom_headers, error_text,
       first_seen, updated_at, rechecked_at, error_fetched_at,
       (COALESCE(log_start, first_seen) AT TIME ZONE 'UTC')::date
FROM mpl;

-- Messages stored without LogStart, and the part_day they were stored under: a later dated re-read of one of them
-- must update that row, not insert a second one under the day of its LogStart. Small (RETRY rows with null dates).
CREATE TABLE mpl_undated (
    tenant_id    text NOT NULL,
    message_guid text NOT NULL,
    part_day     date NOT NULL,
    PRIMARY KEY (tenant_id, message_guid)
);
INSERT INTO mpl_undated (tenant_id, message_guid, part_day)
SELECT tenant_id, message_guid, (first_seen AT TIME ZONE 'UTC')::date FROM mpl WHERE log_start IS NULL;
CREATE INDEX mpl_undated_part_day_idx ON mpl_undated (part_day);

DROP TABLE mpl;
ALTER TABLE mpl_new RENAME TO mpl;

-- Indexes, on the parent (each partition gets its own). Which query uses which: db/RATIONALE.md.
ALTER TABLE mpl ADD CONSTRAINT mpl_pkey PRIMARY KEY (tenant_id, message_guid, part_day);
CREATE INDEX mpl_tenant_log_end_idx ON mpl (tenant_id, log_end DESC NULLS LAST);
CREATE INDEX mpl_tenant_status_log_end_idx ON mpl (tenant_id, status, log_end DESC NULLS LAST);
CREATE INDEX mpl_log_end_counts_idx ON mpl (log_end DESC NULLS LAST) INCLUDE (tenant_id, integration_flow_name, status);
CREATE INDEX mpl_not_final_idx ON mpl (tenant_id, log_end)
    WHERE status NOT IN ('COMPLETED', 'FAILED', 'ESCALATED', 'DISCARDED', 'CANCELLED');
CREATE INDEX mpl_business_key_idx ON mpl (business_key, tenant_id) WHERE business_key IS NOT NULL;
-- in the order of missingErrorTexts (log_end NULLS FIRST, message_guid): with the (log_end DESC NULLS LAST) index above,
-- a mere (tenant_id, log_end) let the planner walk all of mpl_log_end_counts_idx backwards instead (3.5 s at 2 M rows)
CREATE INDEX mpl_error_text_todo_idx ON mpl (tenant_id, log_end NULLS FIRST, message_guid)
    WHERE status IN ('FAILED', 'ESCALATED') AND error_fetched_at IS NULL;
CREATE INDEX mpl_failed_log_end_idx ON mpl (log_end) WHERE status = 'FAILED';
CREATE INDEX mpl_running_log_start_idx ON mpl (log_start) WHERE status IN ('PROCESSING', 'RETRY');
CREATE INDEX mpl_null_log_end_first_seen_idx ON mpl (first_seen) WHERE log_end IS NULL;
-- the default partition only: its rows of one day are moved out when that day's partition is created
CREATE INDEX mpl_default_part_day_idx ON mpl_default (part_day);
