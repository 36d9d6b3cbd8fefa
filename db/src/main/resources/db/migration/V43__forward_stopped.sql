-- Why a forwarder stopped for good (the peer answered 401/403/404 or refused its credentials), on its cursor: the
-- forward_failed rule runs in alerting, which never sees the forwarders, and reads it here. Cleared when the
-- forwarder starts again or a batch is acknowledged.
ALTER TABLE forward_cursor ADD COLUMN stopped text;
ALTER TABLE forward_cursor ADD COLUMN stopped_at timestamptz;
