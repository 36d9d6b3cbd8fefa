-- MPL forwarding (forward module): every stored change of an MPL gets a position, forwarders keep a durable cursor
-- over those positions, and rows a peer refused for good are kept as dead letters.
--
-- A position is (change_xid, change_seq): the id of the transaction that wrote the change and a sequence number.
-- A reader takes only positions whose transaction id is below the oldest transaction still running
-- (pg_snapshot_xmin), so a transaction that commits late can never land behind a cursor that already moved on.
-- A row carries the position of its latest change only: a reader sends a message's state as committed when it
-- reads it (states overwritten before a lagging forwarder reads them are collapsed, as the poller collapses CPI
-- states between two polls), and a later change of the message always gets a position after the cursor.

ALTER TABLE mpl ADD COLUMN change_xid bigint;
ALTER TABLE mpl ADD COLUMN change_seq bigint;

CREATE SEQUENCE mpl_change_seq CACHE 64;

-- rows stored before forwarding existed come first, in no particular order
UPDATE mpl SET change_xid = 0, change_seq = nextval('mpl_change_seq');

-- A new position for an inserted row and for an update that changes what a forwarder sends; bookkeeping updates
-- (rechecked_at, error_fetched_at) keep the position, and so does a row moved between partitions (it is inserted
-- with the position it had).
CREATE FUNCTION mpl_stamp_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.change_seq IS NOT NULL THEN
            RETURN NEW;
        END IF;
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
    END IF;
    NEW.change_xid := pg_current_xact_id()::text::bigint;
    NEW.change_seq := nextval('mpl_change_seq');
    RETURN NEW;
END $$;

CREATE TRIGGER mpl_stamp_change BEFORE INSERT OR UPDATE ON mpl FOR EACH ROW EXECUTE FUNCTION mpl_stamp_change();

-- the forwarders' read: positions after a cursor, in order
CREATE INDEX mpl_change_idx ON mpl (change_xid, change_seq);

-- forward_cursor (V1) per forwarder ("sink"): the position of the last acknowledged change, plus what operators see.
-- position_at: when the last forwarded change was stored; position_key: its tenant/GUID.
ALTER TABLE forward_cursor ADD COLUMN position_xid bigint NOT NULL DEFAULT 0;
ALTER TABLE forward_cursor ADD COLUMN position_seq bigint NOT NULL DEFAULT 0;
ALTER TABLE forward_cursor ADD COLUMN last_success timestamptz;
ALTER TABLE forward_cursor ADD COLUMN last_error text;
ALTER TABLE forward_cursor ADD COLUMN last_error_at timestamptz;

-- Rows a forwarder gave up on (refused alone by the peer, or too large to send), with the peer's answer.
CREATE TABLE forward_dead_letter (
    id           bigserial PRIMARY KEY,
    sink         text NOT NULL,
    tenant_id    text NOT NULL,
    message_guid text NOT NULL,
    status       text,
    change_xid   bigint NOT NULL,
    change_seq   bigint NOT NULL,
    row_text     text,
    answer       text NOT NULL,
    dead_at      timestamptz NOT NULL
);
CREATE INDEX forward_dead_letter_sink_idx ON forward_dead_letter (sink, id DESC);
