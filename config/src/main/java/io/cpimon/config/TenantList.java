package io.cpimon.config;

import io.cpimon.config.CpimonConfig.TenantConfig;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * The configured tenants as an unmodifiable list with an index by id, so that {@link CpimonConfig#tenant(String)}
 * is one hash lookup: the rules look a tenant up per row they judge, and a scan of a thousand tenants per row made
 * an evaluation grow with the square of the fleet. The first tenant of an id wins, as a scan would find it.
 * Immutable, thread-safe.
 */
final class TenantList extends AbstractList<TenantConfig> implements RandomAccess {
    private final List<TenantConfig> tenants;
    private final Map<String, TenantConfig> byId;

    private TenantList(List<TenantConfig> tenants) {
        this.tenants = Collections.unmodifiableList(new ArrayList<>(tenants));
        Map<String, TenantConfig> index = new HashMap<>();
        for (TenantConfig t : this.tenants) {
            if (t != null && t.id() != null) {
                index.putIfAbsent(t.id(), t);
            }
        }
        this.byId = index;
    }

    /** {@code tenants} indexed; null stays null, an indexed list is returned as it is. */
    static List<TenantConfig> of(List<TenantConfig> tenants) {
        return tenants == null || tenants instanceof TenantList ? tenants : new TenantList(tenants);
    }

    /** The first tenant with {@code id}, or null. */
    TenantConfig byId(String id) {
        return byId.get(id);
    }

    @Override
    public TenantConfig get(int index) {
        return tenants.get(index);
    }

    @Override
    public int size() {
        return tenants.size();
    }
}
