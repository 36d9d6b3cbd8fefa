package io.cpimon.config;

import io.cpimon.alerting.AlertingCatalogue;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;

/** Test fixtures under src/test/resources and the fake environment they expect. */
final class Fixtures {
    private Fixtures() {}

    /** Every value is distinctive, so that a leak shows up in a plain substring search. */
    static final Map<String, String> ENV = Map.ofEntries(
            Map.entry("OPS_TOKEN", "LEAK-CANARY-ops-token"),
            Map.entry("ADMIN_TOKEN", "LEAK-CANARY-admin-token"),
            Map.entry("PGPASSWORD", "LEAK-CANARY-pg"),
            Map.entry("WEU_ID", "weu-client"),
            Map.entry("WEU_SECRET", "LEAK-CANARY-weu-secret"),
            Map.entry("PROBE_PASSWORD", "LEAK-CANARY-probe"),
            Map.entry("EUS_USER", "eus-user"),
            Map.entry("EUS_PASSWORD", "LEAK-CANARY-eus"),
            Map.entry("TEAMS_WEBHOOK", "https://prod.westeurope.logic.azure.com/workflows/1/triggers/manual?sig=LEAK-CANARY-sig"),
            Map.entry("SNOW_PASSWORD", "LEAK-CANARY-snow"),
            Map.entry("AZ_ID", "az-client"),
            Map.entry("AZ_SECRET", "LEAK-CANARY-az"),
            Map.entry("HOOK_URL", "https://hooks.example.com/LEAK-CANARY-hook-path"),
            Map.entry("HOOK_PASSWORD", "LEAK-CANARY-hook"));

    static Path path(String resource) {
        URL url = Fixtures.class.getResource("/" + resource);
        if (url == null) {
            throw new IllegalArgumentException("no test resource " + resource);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static ConfigLoader loader() {
        return new ConfigLoader(ENV::get, AlertingCatalogue.CONFIG);
    }
}
