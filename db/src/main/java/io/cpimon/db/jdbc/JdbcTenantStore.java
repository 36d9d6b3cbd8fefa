package io.cpimon.db.jdbc;

import io.cpimon.db.TenantRow;
import io.cpimon.db.TenantStore;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The tenant config mirror through a Micronaut Data repository. Thread-safe; blocking. */
public final class JdbcTenantStore implements TenantStore {
    private final TenantRepository repository;
    private final TransactionOperations<Connection> transactions;

    public JdbcTenantStore(TenantRepository repository, TransactionOperations<Connection> transactions) {
        this.repository = repository;
        this.transactions = transactions;
    }

    /** One transaction: upserts every tenant, then deletes those not in {@code tenants}. */
    @Override
    public void sync(List<TenantRow> tenants) {
        Set<String> ids = new HashSet<>();
        for (TenantRow t : tenants) {
            if (!ids.add(Objects.requireNonNull(t.id(), "tenant id"))) {
                throw new IllegalArgumentException("tenant " + t.id() + " is listed twice");
            }
        }
        MicronautData.call(() -> transactions.executeWrite(status -> {
            for (TenantRow t : tenants) {
                repository.upsert(t.id(), t.name() == null ? t.id() : t.name(),
                        Json.write(t.labels() == null ? Map.of() : t.labels()),
                        t.pairId(), t.role(), t.apiUrl(), t.probeUrl());
            }
            for (TenantEntity stored : repository.findAllOrderById()) {
                if (!ids.contains(stored.id())) {
                    repository.deleteTenant(stored.id());
                }
            }
            return null;
        }));
    }

    @Override
    public List<TenantRow> all() {
        return MicronautData.call(() -> repository.findAllOrderById().stream()
                .map(e -> new TenantRow(e.id(), e.name(), Json.read(e.labels()), e.pairId(), e.role(), e.apiUrl(), e.probeUrl()))
                .toList());
    }
}
