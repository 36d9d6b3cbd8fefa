-- The JMS broker of each tenant as JmsBrokers('Broker1') last answered (docs/cpi-api.md §10); no row: the tenant
-- has no broker or it was never read.
CREATE TABLE jms_broker (
    tenant_id                 text PRIMARY KEY,
    capacity                  bigint NOT NULL,
    max_capacity              bigint NOT NULL,
    queue_number              integer NOT NULL,
    max_queue_number          integer NOT NULL,
    capacity_ok               integer NOT NULL,
    capacity_warning          integer NOT NULL,
    capacity_error            integer NOT NULL,
    transacted_sessions_high  boolean NOT NULL,
    consumers_high            boolean NOT NULL,
    producers_high            boolean NOT NULL,
    seen_at                   timestamptz NOT NULL
);
