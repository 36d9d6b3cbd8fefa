-- What the DR readiness check compares between the tenants of a pair, besides artifacts and keystore:
-- security material by name, variables and number ranges (docs/cpi-api.md §9). Names only, never a value.
CREATE TABLE tenant_content (
    tenant_id    text NOT NULL,
    kind         text NOT NULL,   -- user_credential, oauth2_client, secure_parameter, variable, number_range
    name         text NOT NULL,
    scope        text NOT NULL DEFAULT '',   -- a variable's iFlow ('' for a global variable)
    visibility   text,
    updated_at   timestamptz,
    expires_at   timestamptz,     -- a variable's RetainUntil
    seen_at      timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, kind, name, scope)
);

-- One row per (tenant, kind) whose last snapshot was read completely: a kind without it is not compared
-- (never read, or not readable with the API client's roles).
CREATE TABLE tenant_content_snapshot (
    tenant_id    text NOT NULL,
    kind         text NOT NULL,
    taken_at     timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, kind)
);

-- Readiness findings accepted on purpose, per pair and finding key, with who and why.
CREATE TABLE readiness_ack (
    pair_id      text NOT NULL,
    finding_key  text NOT NULL,
    reason       text NOT NULL,
    acked_by     text NOT NULL,
    acked_at     timestamptz NOT NULL,
    PRIMARY KEY (pair_id, finding_key)
);
