-- cpimon schema v1. PostgreSQL 13+ (tested on 18.6). Times are timestamptz, always passed in by the caller;
-- only bookkeeping columns (first_seen, updated_at, created_at) default to now().

-- Config mirror of the configured tenants (no secrets), synced at start-up and reload.
CREATE TABLE tenant (
    id          text PRIMARY KEY,
    name        text NOT NULL,
    labels      jsonb NOT NULL DEFAULT '{}'::jsonb,
    pair_id     text,
    role        text CHECK (role IN ('primary', 'dr')),
    api_url     text,
    probe_url   text,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Message processing logs. No foreign key to tenant: a tenant removed from the config keeps its history,
-- and the table stays distributable by tenant_id (Citus).
CREATE TABLE mpl (
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
    PRIMARY KEY (tenant_id, message_guid)
);
-- newest first per tenant (search, throughput, success rate)
CREATE INDEX mpl_tenant_log_end_idx ON mpl (tenant_id, log_end DESC);
-- newest first across tenants (search without tenant, countsSince)
CREATE INDEX mpl_log_end_idx ON mpl (log_end DESC);
-- search by status (FAILED messages of a tenant, newest first)
CREATE INDEX mpl_tenant_status_log_end_idx ON mpl (tenant_id, status, log_end DESC);
-- messages not yet ended (stuck_messages, the poller's re-read of PROCESSING/RETRY)
CREATE INDEX mpl_not_final_idx ON mpl (tenant_id, log_end)
    WHERE status NOT IN ('COMPLETED', 'FAILED', 'ESCALATED', 'DISCARDED', 'CANCELLED');
-- duplicate_processing: one business key in both tenants of a pair
CREATE INDEX mpl_business_key_idx ON mpl (business_key, tenant_id) WHERE business_key IS NOT NULL;

-- Ingest status per tenant and stream (mpl, artifacts, ...).
CREATE TABLE poll_cursor (
    tenant_id            text NOT NULL,
    stream               text NOT NULL,
    watermark            timestamptz,
    last_success         timestamptz,
    last_attempt         timestamptz,
    last_error           text,
    consecutive_failures integer NOT NULL DEFAULT 0,
    rows_total           bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, stream)
);

-- Probe results; two results of a tenant may share a timestamp, hence the surrogate key.
CREATE TABLE probe_result (
    id             bigserial PRIMARY KEY,
    tenant_id      text NOT NULL,
    at             timestamptz NOT NULL,
    up             boolean NOT NULL,
    status_code    integer,
    latency_millis bigint NOT NULL,
    error          text
);
CREATE INDEX probe_result_tenant_at_idx ON probe_result (tenant_id, at DESC, id DESC);
CREATE INDEX probe_result_at_idx ON probe_result (at);

-- Deployed integration artifacts per tenant (dr_drift, iflow_error).
CREATE TABLE runtime_artifact (
    tenant_id   text NOT NULL,
    artifact_id text NOT NULL,
    version     text,
    name        text,
    type        text,
    status      text,
    deployed_on timestamptz,
    deployed_by text,
    error_text  text,
    seen_at     timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, artifact_id)
);

-- Keystore certificates per tenant (cert_expiry).
CREATE TABLE keystore_entry (
    tenant_id       text NOT NULL,
    alias           text NOT NULL,
    type            text,
    valid_not_after timestamptz,
    seen_at         timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, alias)
);

-- Alert episodes. At most one open (PENDING or FIRING) alert per fingerprint.
CREATE TABLE alert (
    id             bigserial PRIMARY KEY,
    fingerprint    text NOT NULL,
    rule           text NOT NULL,
    labels         jsonb NOT NULL DEFAULT '{}'::jsonb,
    annotations    jsonb NOT NULL DEFAULT '{}'::jsonb,
    state          text NOT NULL CHECK (state IN ('PENDING', 'FIRING', 'RESOLVED')),
    active_at      timestamptz NOT NULL,
    firing_at      timestamptz,
    last_active_at timestamptz NOT NULL,
    ends_at        timestamptz,
    acked_by       text,
    acked_at       timestamptz,
    ack_comment    text,
    silenced_by    text,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX alert_open_fingerprint_uq ON alert (fingerprint) WHERE state <> 'RESOLVED';
CREATE INDEX alert_active_at_idx ON alert (active_at DESC, id DESC);
CREATE INDEX alert_open_idx ON alert (id) WHERE state <> 'RESOLVED';

CREATE TABLE alert_event (
    id         bigserial PRIMARY KEY,
    alert_id   bigint NOT NULL REFERENCES alert (id) ON DELETE CASCADE,
    from_state text CHECK (from_state IN ('PENDING', 'FIRING', 'RESOLVED')),
    to_state   text NOT NULL CHECK (to_state IN ('PENDING', 'FIRING', 'RESOLVED')),
    at         timestamptz NOT NULL
);
CREATE INDEX alert_event_alert_idx ON alert_event (alert_id, at, id);

CREATE TABLE silence (
    id         bigserial PRIMARY KEY,
    matchers   jsonb NOT NULL,
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL,
    created_by text NOT NULL,
    comment    text,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at)
);
CREATE INDEX silence_ends_at_idx ON silence (ends_at);

-- The transactional outbox.
CREATE TABLE notification (
    id              bigserial PRIMARY KEY,
    alert_id        bigint REFERENCES alert (id) ON DELETE SET NULL,
    channel         text NOT NULL,
    dedup_key       text UNIQUE,
    group_key       text,
    payload         jsonb NOT NULL,
    state           text NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'SENT', 'DEAD')),
    attempts        integer NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    next_attempt_at timestamptz NOT NULL,
    last_error      text,
    sent_at         timestamptz,
    dead_at         timestamptz,
    external_ref    text
);
-- claimDue: PENDING rows by due time
CREATE INDEX notification_due_idx ON notification (next_attempt_at, id) WHERE state = 'PENDING';
CREATE INDEX notification_alert_idx ON notification (alert_id);
CREATE INDEX notification_created_idx ON notification (created_at DESC, id DESC);

-- Forwarding of stored MPLs (Azure Monitor): last forwarded position per sink.
CREATE TABLE forward_cursor (
    sink         text PRIMARY KEY,
    position_at  timestamptz,
    position_key text,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Leases between several cpimon instances (pollers, probers, rule evaluator).
CREATE TABLE lease (
    name       text PRIMARY KEY,
    holder     text NOT NULL,
    expires_at timestamptz NOT NULL
);
