package io.cpimon.alerting.outbox;

import io.cpimon.alerting.channels.Channel;
import io.cpimon.alerting.channels.ServiceNowChannel;
import io.cpimon.alerting.channels.ServiceNowChannelConfig;
import io.cpimon.alerting.channels.TeamsChannel;
import io.cpimon.alerting.channels.TeamsChannelConfig;
import io.cpimon.alerting.channels.TeamsFormat;
import io.cpimon.alerting.lifecycle.Router;
import io.cpimon.config.CpimonConfig.RouteConfig;
import io.cpimon.config.Secret;
import io.cpimon.core.Backoff;
import io.cpimon.core.ChangeNotifier;
import io.cpimon.db.Database;
import io.cpimon.db.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * A dispatcher in its own JVM for {@link DispatcherKillIT}: dispatches the outbox of {@code args[0]} to the
 * ServiceNow and Teams peers given as arguments until it is killed. Args: jdbcUrl user snowUrl snowUser snowPassword teamsUrl.
 */
public final class DispatcherProcess {
    private DispatcherProcess() {}

    static final RouteConfig ROUTE = new RouteConfig(Map.of(), List.of("snow", "teams"), List.of("rule", "tenant"),
            Duration.ZERO, Duration.ofMinutes(5), Duration.ofHours(4), false, List.of("critical"), null);

    public static void main(String[] args) {
        Database db = Database.open(args[0], args[1], TestDatabase.password(), 2);
        Vertx vertx = Vertx.vertx();
        WebClient client = WebClient.create(vertx);
        Map<String, Channel> channels = new LinkedHashMap<>();
        channels.put("snow", new ServiceNowChannel(new ServiceNowChannelConfig("snow", URI.create(args[2]), args[3],
                Secret.of(args[4]), null), client, Duration.ofSeconds(5)));
        channels.put("teams", new TeamsChannel(new TeamsChannelConfig("teams", Secret.of(args[5]),
                TeamsFormat.ADAPTIVE), client, Duration.ofSeconds(5)));
        Dispatcher d = new Dispatcher(db.notifications(), db.notificationLog(), db.alerts(), channels, new Router(List.of(ROUTE)),
                Clock.systemUTC(), new Dispatcher.Policy(Duration.ofHours(1), Backoff.of(Duration.ofMillis(200), Duration.ofSeconds(1)),
                Duration.ofSeconds(2), 5), ChangeNotifier.NOOP, new RateLimiter(Map.of()), null);
        System.out.println("dispatching");
        System.out.flush();
        while (true) {
            if (d.dispatchOnce() == 0) {
                LockSupport.parkNanos(50_000_000L);
            }
        }
    }
}
