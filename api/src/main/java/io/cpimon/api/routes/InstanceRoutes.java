package io.cpimon.api.routes;

import io.cpimon.api.ApiRoutes;
import io.cpimon.api.Endpoints;
import io.cpimon.db.InstanceRow;
import io.cpimon.db.LeaseRow;
import io.cpimon.db.LeaseStore;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The instances sharing this database: {@code GET /api/v1/instances} — per instance its id, start, last heartbeat,
 * whether it is alive and leads, and the tenants whose leases it holds; {@code self} names the instance that answered
 * and {@code unheld} the tenants nobody holds right now (between a holder's death and the takeover). Handlers never
 * block.
 */
public final class InstanceRoutes implements ApiRoutes {
    private static final String LEADER = "leader";
    private static final String TENANT = "tenant:";

    private final LeaseStore leases;
    private final String self;
    private final Clock clock;

    /** @param self this instance's id */
    public InstanceRoutes(LeaseStore leases, String self, Clock clock) {
        this.leases = leases;
        this.self = self;
        this.clock = clock;
    }

    @Override
    public void mount(Router router, Endpoints endpoints) {
        router.get("/api/v1/instances").handler(ctx -> endpoints.respond(ctx, this::view));
    }

    private Map<String, Object> view() {
        Instant now = clock.instant();
        List<LeaseRow> rows = leases.leases();
        Map<String, List<String>> held = new TreeMap<>();
        String leader = null;
        List<String> unheld = new ArrayList<>();
        for (LeaseRow l : rows) {
            if (l.name().equals(LEADER)) {
                leader = l.held(now) ? l.holder() : null;
            } else if (l.name().startsWith(TENANT)) {
                String tenant = l.name().substring(TENANT.length());
                if (l.held(now)) {
                    held.computeIfAbsent(l.holder(), k -> new ArrayList<>()).add(tenant);
                } else {
                    unheld.add(tenant);
                }
            }
        }
        List<Map<String, Object>> instances = new ArrayList<>();
        for (InstanceRow i : leases.instances()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", i.instanceId());
            out.put("startedAt", i.startedAt().toString());
            out.put("heartbeatAt", i.heartbeatAt().toString());
            out.put("expiresAt", i.expiresAt().toString());
            out.put("alive", i.alive(now));
            out.put("leader", i.instanceId().equals(leader));
            out.put("tenants", held.getOrDefault(i.instanceId(), List.of()));
            instances.add(out);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("self", self);
        out.put("leader", leader);
        out.put("instances", instances);
        out.put("unheld", unheld);
        return out;
    }
}
