package io.cpimon.ingest;

import io.cpimon.config.CpimonConfig.ApiConfig;
import io.cpimon.config.CpimonConfig.AuthConfig;
import io.cpimon.config.CpimonConfig.OAuth2Config;
import io.cpimon.config.CpimonConfig.PollConfig;
import io.cpimon.config.CpimonConfig.ProbeConfig;
import io.cpimon.config.CpimonConfig.TenantConfig;
import io.cpimon.config.Secret;
import io.cpimon.core.ChangeNotifier;
import io.cpimon.db.Database;
import io.cpimon.db.testing.TestDatabase;
import io.cpimon.ingest.testing.SimulatedTenants;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The process {@link CrashLoopIT} kills: ingest for the given tenants into the given database, until killed.
 * Arguments: {@code jdbcUrl user} then per tenant {@code id apiUrl tokenUrl clientId clientSecret runtimeUrl}.
 */
public final class CrashChild {
    private CrashChild() {}

    public static void main(String[] args) throws Exception {
        PollConfig poll = new PollConfig(Duration.ofSeconds(1), Duration.ofMinutes(1), 1000, Duration.ofHours(1));
        List<TenantConfig> tenants = new ArrayList<>();
        for (int i = 2; i + 5 < args.length; i += 6) {
            AuthConfig auth = new AuthConfig(new OAuth2Config(URI.create(args[i + 2]), args[i + 3], Secret.of(args[i + 4])), null);
            tenants.add(new TenantConfig(args[i], args[i], new ApiConfig(URI.create(args[i + 1]), auth, Duration.ofSeconds(10)),
                    new ProbeConfig(URI.create(args[i + 5]), "HEAD", Duration.ofSeconds(10), Duration.ofSeconds(2), Set.of(200, 401), null, null),
                    poll, Map.of()));
        }
        Database db = Database.open(args[0], args[1], TestDatabase.password(), 4);
        new IngestService(Vertx.vertx(), SimulatedTenants.config(tenants), db, Clock.systemUTC(), ChangeNotifier.NOOP).start();
        System.out.println("ingesting " + tenants.size() + " tenant(s)");
        Thread.currentThread().join(); // until SIGKILL
    }
}
