-- Every state change made through the API, written once after the response ended: who (the token's name), when,
-- what (method, route template, target, action, a short summary that never holds a secret), from where and the
-- answer's status. Read newest first by (at, id) for keyset paging; filtered by actor and action.
CREATE TABLE audit_log (
    id       bigserial PRIMARY KEY,
    at       timestamptz NOT NULL,
    actor    text        NOT NULL,
    action   text        NOT NULL,
    method   text        NOT NULL,
    route    text        NOT NULL,
    target   text,
    status   integer     NOT NULL,
    summary  text,
    remote   text
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_actor_at ON audit_log (actor, at DESC, id DESC);
CREATE INDEX audit_log_action_at ON audit_log (action, at DESC, id DESC);
