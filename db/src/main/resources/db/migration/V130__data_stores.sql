-- The data stores of each tenant holding overdue entries as DataStores?overdueonly=true last answered
-- (docs/cpi-api.md §11), replaced whole per tenant; no row: nothing overdue or never read.
CREATE TABLE data_store (
    tenant_id  text NOT NULL,
    name       text NOT NULL,
    iflow      text NOT NULL,
    type       text NOT NULL,
    visibility text,
    messages   bigint NOT NULL,
    overdue    bigint NOT NULL,
    read_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, name, iflow, type)
);
