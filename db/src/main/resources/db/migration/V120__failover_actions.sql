-- Failover actions of a pair: the HTTP call made (or, in dry-run, recorded) when a pair fails over or back, with
-- its guards (re-check, approval), what was sent (the URL without its query, header names never values) and the
-- outcome. One action in flight per pair at most: the partial unique index refuses a second.
CREATE TABLE failover_action (
    id              bigserial   PRIMARY KEY,
    pair_id         text        NOT NULL,
    direction       text        NOT NULL CHECK (direction IN ('failover', 'failback')),
    origin          text        NOT NULL CHECK (origin IN ('alert', 'request')),
    mode            text        NOT NULL CHECK (mode IN ('dry-run', 'live')),
    state           text        NOT NULL CHECK (state IN ('recheck', 'awaiting_approval', 'ready', 'running',
                                    'succeeded', 'dry_run', 'failed', 'rejected', 'cancelled', 'expired')),
    reason          text        NOT NULL,
    from_tenant     text        NOT NULL,
    to_tenant       text        NOT NULL,
    requested_by    text        NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    due_at          timestamptz,
    approval        boolean     NOT NULL,
    decided_by      text,
    decided_at      timestamptz,
    decision_note   text,
    attempts        integer     NOT NULL DEFAULT 0,
    request_method  text,
    request_target  text,
    request_headers text,
    request_body    text,
    outcome_status  integer,
    outcome_excerpt text,
    outcome_millis  bigint,
    outcome_detail  text,
    finished_at     timestamptz
);
CREATE UNIQUE INDEX failover_action_one_in_flight ON failover_action (pair_id)
    WHERE state IN ('recheck', 'awaiting_approval', 'ready', 'running');
CREATE INDEX failover_action_created ON failover_action (created_at DESC, id DESC);
CREATE INDEX failover_action_pair_created ON failover_action (pair_id, created_at DESC, id DESC);

-- Every step of an action (triggered, re-checked, approved, attempt, outcome), oldest first.
CREATE TABLE failover_action_step (
    id        bigserial   PRIMARY KEY,
    action_id bigint      NOT NULL REFERENCES failover_action (id) ON DELETE CASCADE,
    at        timestamptz NOT NULL,
    step      text        NOT NULL,
    actor     text        NOT NULL,
    detail    text
);
CREATE INDEX failover_action_step_action ON failover_action_step (action_id, id);
