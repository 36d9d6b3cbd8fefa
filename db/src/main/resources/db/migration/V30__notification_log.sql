-- Notifications (issue #6): the durable notification log per (group, channel), Alertmanager's nflog.
-- A row is written only after the peer accepted a notification of the group; it decides what the next
-- flush says (first, new firing, new resolved, all resolved, repeat elapsed) and carries the peer's
-- reference for threading (email Message-ID, ServiceNow sys_id).
CREATE TABLE notification_log (
    group_key     text NOT NULL,
    channel       text NOT NULL,
    -- the alerts the peer was last told are firing: a JSON array of channel-neutral notices
    firing        jsonb NOT NULL DEFAULT '[]',
    -- when the current episode of the group (first firing after all resolved) began; null: no firing alert
    episode_start timestamptz,
    last_reason   text NOT NULL,
    last_sent_at  timestamptz NOT NULL,
    external_ref  text,
    PRIMARY KEY (group_key, channel)
);
-- repeat scan: groups with firing alerts by last send
CREATE INDEX notification_log_repeat_idx ON notification_log (last_sent_at) WHERE episode_start IS NOT NULL;
-- group flushes claim every pending row of a (group, channel)
CREATE INDEX notification_group_idx ON notification (group_key, channel) WHERE state = 'PENDING';
