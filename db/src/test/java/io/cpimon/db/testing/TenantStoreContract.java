package io.cpimon.db.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.db.TenantRow;
import io.cpimon.db.TenantStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract of the tenant config mirror. Extend it with a fresh, empty store per test. */
public abstract class TenantStoreContract {

    protected abstract TenantStore tenants();

    private static final TenantRow WEU = new TenantRow("prod-weu", "Production West Europe",
            Map.of("landscape", "prod", "region", "westeurope"), "prod", "primary",
            "https://weu.example/api/v1", "https://weu-rt.example/http/health");
    private static final TenantRow EUS = new TenantRow("prod-eus", "Production East US", Map.of("landscape", "prod"),
            "prod", "dr", "https://eus.example/api/v1", null);
    private static final TenantRow DEV = new TenantRow("dev", "Development", Map.of(), null, null, null, null);

    @Test
    void sync_newTenants_areStoredOrderedById() {
        tenants().sync(List.of(WEU, EUS, DEV));

        assertThat(tenants().all()).containsExactly(DEV, EUS, WEU);
    }

    @Test
    void sync_removedTenant_isDeletedAndChangedOneUpdated() {
        tenants().sync(List.of(WEU, EUS, DEV));
        TenantRow renamed = new TenantRow("prod-weu", "Prod WEU", Map.of("landscape", "prod"), null, null, null, null);

        tenants().sync(List.of(renamed, DEV));

        assertThat(tenants().all()).containsExactly(DEV, renamed);
    }

    @Test
    void sync_emptyList_deletesAll() {
        tenants().sync(List.of(WEU, DEV));

        tenants().sync(List.of());

        assertThat(tenants().all()).isEmpty();
    }
}
