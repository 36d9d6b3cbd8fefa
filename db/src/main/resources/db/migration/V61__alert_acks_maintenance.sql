-- Every acknowledgement of an alert, kept after the alert resolves (the alert row keeps only the latest, cleared
-- on resolution): the alert's timeline shows who acknowledged it, when and why.
CREATE TABLE alert_ack (
    id       bigserial PRIMARY KEY,
    alert_id bigint NOT NULL REFERENCES alert (id) ON DELETE CASCADE,
    acked_by text NOT NULL,
    at       timestamptz NOT NULL,
    comment  text
);
CREATE INDEX alert_ack_alert_idx ON alert_ack (alert_id, at, id);
INSERT INTO alert_ack (alert_id, acked_by, at, comment)
    SELECT id, acked_by, acked_at, ack_comment FROM alert WHERE acked_by IS NOT NULL AND acked_at IS NOT NULL;

-- A maintenance window of a tenant or a pair: the silences that mute its alerts (a pair's alerts carry the label
-- pair, its tenants' alerts the label tenant, and a silence's matchers all have to match, so a pair needs two).
CREATE TABLE maintenance_window (
    id         bigserial PRIMARY KEY,
    kind       text NOT NULL CHECK (kind IN ('tenant', 'pair')),
    target     text NOT NULL,
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL,
    created_by text NOT NULL,
    comment    text,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at)
);
CREATE INDEX maintenance_window_ends_at_idx ON maintenance_window (ends_at);
ALTER TABLE silence ADD COLUMN window_id bigint REFERENCES maintenance_window (id) ON DELETE CASCADE;
CREATE INDEX silence_window_idx ON silence (window_id) WHERE window_id IS NOT NULL;
