-- Several cpimon instances on one database. Each instance heartbeats its row; a lease row names the instance that
-- holds a tenant's loops ('tenant:<id>') or the leader's jobs ('leader') until expires_at. epoch grows by one at
-- every acquisition, so a writer that lost its lease (a paused or killed holder) is fenced off: the MPL watermark
-- is written only in a transaction that finds the lease still at the writer's holder and epoch.
ALTER TABLE lease ADD COLUMN epoch bigint NOT NULL DEFAULT 0;
ALTER TABLE lease ADD COLUMN acquired_at timestamptz;

CREATE TABLE cpimon_instance (
    instance_id  text PRIMARY KEY,
    started_at   timestamptz NOT NULL,
    heartbeat_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);
