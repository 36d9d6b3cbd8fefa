-- Rules engine (issue #5): alert flags, history filters, the rules' index-backed queries, gone artifacts.

-- Which firing alert(s) mute this one (inhibition), as '<rule> <fingerprint>'; null when not inhibited.
-- silenced_by (V1) holds the ids of the silences that match it.
ALTER TABLE alert ADD COLUMN inhibited_by text;

-- GET /alerts?tenant=…&pair=… and the pairs view (failover history, duplicates count)
CREATE INDEX alert_tenant_label_idx ON alert ((labels ->> 'tenant'), active_at DESC);
CREATE INDEX alert_pair_label_idx ON alert ((labels ->> 'pair'), active_at DESC);
-- failback: failover alerts resolved recently; history by rule
CREATE INDEX alert_rule_ends_at_idx ON alert (rule, ends_at DESC);

-- failed_messages: FAILED messages ended within the window, across tenants
CREATE INDEX mpl_failed_log_end_idx ON mpl (log_end) WHERE status = 'FAILED';
-- stuck_messages: messages still PROCESSING or RETRY, by start
CREATE INDEX mpl_running_log_start_idx ON mpl (log_start) WHERE status IN ('PROCESSING', 'RETRY');

-- iflow_error "gone": an artifact that disappeared from a tenant's snapshot, until it is deployed again.
CREATE TABLE runtime_artifact_gone (
    tenant_id   text NOT NULL,
    artifact_id text NOT NULL,
    name        text,
    version     text,
    last_seen   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, artifact_id)
);

CREATE FUNCTION runtime_artifact_gone_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO runtime_artifact_gone (tenant_id, artifact_id, name, version, last_seen)
    VALUES (OLD.tenant_id, OLD.artifact_id, OLD.name, OLD.version, OLD.seen_at)
    ON CONFLICT (tenant_id, artifact_id) DO UPDATE
        SET name = EXCLUDED.name, version = EXCLUDED.version, last_seen = EXCLUDED.last_seen;
    RETURN OLD;
END $$;

CREATE FUNCTION runtime_artifact_gone_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM runtime_artifact_gone WHERE tenant_id = NEW.tenant_id AND artifact_id = NEW.artifact_id;
    RETURN NEW;
END $$;

CREATE TRIGGER runtime_artifact_gone_on_delete AFTER DELETE ON runtime_artifact
    FOR EACH ROW EXECUTE FUNCTION runtime_artifact_gone_record();
CREATE TRIGGER runtime_artifact_gone_on_insert AFTER INSERT ON runtime_artifact
    FOR EACH ROW EXECUTE FUNCTION runtime_artifact_gone_clear();
