-- Every state of an MPL reaches the forwarders, not only the latest one. A row of mpl holds the current state of
-- its message with the position of the change that made it (V41). When a change replaces a state that a configured
-- forwarder has not read yet, the replaced state is copied into mpl_change with its own position, in the same
-- statement as the change (JdbcMplStore). A forwarder reads mpl and mpl_change together in position order, so a
-- forwarder that lags sends PROCESSING, RETRY and FAILED, each once, in that order.
--
-- Why the replaced state and not the new one: a state is written once, when it is current; most changes insert new
-- messages and replace nothing, so they cost nothing here, and a replaced state that every forwarder already sent
-- (they keep up) is not copied at all.
--
-- Positions stay commit-order safe (V41): a reader takes positions whose transaction id is below the oldest running
-- transaction. A copied state keeps the position it had in mpl, which a reader could not have passed while the
-- replacing transaction ran unless it read the state there; once that transaction commits the state is in mpl_change.

CREATE TABLE mpl_change (
    change_xid               bigint NOT NULL,
    change_seq               bigint NOT NULL,
    tenant_id                text NOT NULL,
    message_guid             text NOT NULL,
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
    -- when the state was stored in mpl (its updated_at then): the age retention prunes by
    stored_at                timestamptz NOT NULL,
    PRIMARY KEY (change_xid, change_seq)
);
CREATE INDEX mpl_change_stored_at_idx ON mpl_change (stored_at);

-- Which cursors belong to forwarders of the running configuration (ForwarderSet registers them at start): only
-- those keep replaced states in mpl_change, and only until each of them has passed them.
ALTER TABLE forward_cursor ADD COLUMN configured boolean NOT NULL DEFAULT true;

-- States a forwarder never got because retention pruned them from mpl_change before it read them: counted, with when
-- the last gap happened, on its cursor (logged by the retention job and shown by GET /api/v1/forwarders).
ALTER TABLE forward_cursor ADD COLUMN gap_rows bigint NOT NULL DEFAULT 0;
ALTER TABLE forward_cursor ADD COLUMN gap_at timestamptz;

-- A message's positions only grow, even when a transaction with a smaller id changes it after one with a larger id
-- committed a change of it: GREATEST keeps the order of its states, and a position at or above the writer's own
-- transaction id is still one that no reader passes while the writer runs.
CREATE OR REPLACE FUNCTION mpl_stamp_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.change_seq IS NOT NULL THEN
            RETURN NEW;
        END IF;
        NEW.change_xid := pg_current_xact_id()::text::bigint;
    ELSIF (NEW.status, NEW.custom_status, NEW.log_start, NEW.log_end, NEW.error_text, NEW.custom_headers,
           NEW.correlation_id, NEW.application_message_id, NEW.application_message_type, NEW.integration_flow_name,
           NEW.package_id, NEW.sender, NEW.receiver, NEW.alternate_web_link, NEW.business_key)
          IS NOT DISTINCT FROM
          (OLD.status, OLD.custom_status, OLD.log_start, OLD.log_end, OLD.error_text, OLD.custom_headers,
           OLD.correlation_id, OLD.application_message_id, OLD.application_message_type, OLD.integration_flow_name,
           OLD.package_id, OLD.sender, OLD.receiver, OLD.alternate_web_link, OLD.business_key) THEN
        NEW.change_xid := OLD.change_xid;
        NEW.change_seq := OLD.change_seq;
        RETURN NEW;
    ELSE
        NEW.change_xid := GREATEST(pg_current_xact_id()::text::bigint, OLD.change_xid);
    END IF;
    NEW.change_seq := nextval('mpl_change_seq');
    RETURN NEW;
END $$;
