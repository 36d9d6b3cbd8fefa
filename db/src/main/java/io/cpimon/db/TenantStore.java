package io.cpimon.db;

import java.util.List;

public interface TenantStore {
    /** Makes the table equal to {@code tenants}: upserts each, deletes tenants no longer configured. */
    void sync(List<TenantRow> tenants);

    /** Ordered by id. */
    List<TenantRow> all();
}
