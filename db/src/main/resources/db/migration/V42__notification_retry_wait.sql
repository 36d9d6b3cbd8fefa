-- An outbox row waiting out the backoff after a failed attempt (set by markRetry, cleared by a claim or a postpone):
-- when its channel answers again, such rows are made due at once (wakeRetries); rows in flight or held back for a
-- group interval or a rate limit are not.
ALTER TABLE notification ADD COLUMN retry_wait boolean NOT NULL DEFAULT false;
CREATE INDEX notification_retry_wait_idx ON notification (channel) WHERE state = 'PENDING' AND retry_wait;
