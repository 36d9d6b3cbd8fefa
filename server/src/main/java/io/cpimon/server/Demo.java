package io.cpimon.server;

import io.cpimon.alerting.AlertingCatalogue;
import io.cpimon.config.ConfigException;
import io.cpimon.config.ConfigLoader;
import io.cpimon.config.CpimonConfig;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.peers.AzureMonitorPeer;
import io.cpimon.simulator.peers.GoogleChatPeer;
import io.cpimon.simulator.peers.SlackPeer;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.cpimon.simulator.tenant.TenantContent;
import io.cpimon.simulator.tenant.TenantContent.DataStore;
import io.cpimon.simulator.tenant.TenantContent.JmsBroker;
import io.cpimon.simulator.tenant.TenantContent.Variable;
import io.cpimon.simulator.tenant.TenantSpec;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * {@code ./cpimon demo}: an embedded PostgreSQL, three simulated tenants (an active-active pair and a
 * third), the simulated Teams and Azure Monitor Logs peers, and cpimon watching them and forwarding every stored
 * MPL state to the Azure Monitor Logs peer, with a scripted outage of the primary that makes a {@code tenant_down}
 * alert fire, a Teams card arrive, and the alert resolve.
 */
public final class Demo {
    static final String PRIMARY = "prod-weu";
    static final String DR = "prod-eus";
    static final String THIRD = "dev-weu";
    static final Duration FIRST_OUTAGE_AFTER = Duration.ofSeconds(45);
    static final Duration OUTAGE = Duration.ofSeconds(50);
    static final Duration CYCLE = Duration.ofMinutes(4);
    /** The body of the demo's failover action: an origin group's priorities as a Front Door change would set them. */
    static final String ACTION_BODY = "{\"pair\": \"{{pair}}\", \"direction\": \"{{direction}}\","
            + " \"priorities\": {\"{{to}}\": 1, \"{{from}}\": 2}, \"reason\": \"{{reason}}\"}";
    /** The stream of the demo's forwarder {@code law} on the simulator's Azure Monitor Logs peer. */
    static final String LAW_STREAM = "Custom-CpiMessageLog";

    /** How fast the demo's cpimon probes, polls and evaluates; tests run it faster. */
    public record Timings(Duration probeInterval, Duration probeTimeout, Duration pollInterval,
                          Duration evaluationInterval) {
        public static final Timings DEMO = new Timings(Duration.ofSeconds(3), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    private Demo() {}

    /** The demo's command-line options. @param data the embedded PostgreSQL's data directory */
    record Options(int port, String data) {
        static final String USAGE = "usage: cpimon demo [--port 8080] [--data DIR]";

        /** @throws IllegalArgumentException with a message for the user, naming the option */
        static Options parse(String[] args, UnaryOperator<String> env) {
            int port = 8080;
            String data = "./data/pg";
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                switch (option) {
                    case "--port", "--data" -> {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(option + " needs a value (" + USAGE + ")");
                        }
                        String value = args[++i];
                        if (option.equals("--port")) {
                            port = port(value);
                        } else {
                            data = Main.userPath(value, env).toString();
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown argument '" + option + "' (" + USAGE + ")");
                }
            }
            return new Options(port, data);
        }

        private static int port(String value) {
            try {
                int port = Integer.parseInt(value);
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // answered below, like a number out of range
            }
            throw new IllegalArgumentException("--port must be a port number from 0 to 65535, got '" + value + "'");
        }
    }

    static void run(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args, System::getenv);
        } catch (IllegalArgumentException e) {
            System.err.println("cpimon demo: " + e.getMessage());
            System.exit(2);
            return;
        }
        int port = options.port();
        String data = options.data();
        Instant started = Instant.now();
        Simulator sim = Simulator.start(SimClock.system());
        List<SimulatedTenant> tenants = List.of(sim.addTenant(TenantSpec.of(PRIMARY)), sim.addTenant(TenantSpec.of(DR)),
                sim.addTenant(TenantSpec.of(THIRD)));
        Instant now = sim.clock().instant();
        for (SimulatedTenant t : tenants) {
            t.generate(now.minus(Duration.ofMinutes(15)), now);   // some history, so the dashboard is not empty
        }
        sim.startLiveTraffic(Duration.ofSeconds(1));
        drGaps(sim, now);
        CpimonConfig config = config(sim, port, data, Timings.DEMO);
        // the peer's certificate is self-signed: the demo's forwarder trusts it, and only it
        CpimonServer server = CpimonServer.start(config, Clock.systemUTC(), sim.azureMonitor().certificate()
                .sslContext());
        System.out.printf("%n  cpimon demo is up in %d s: open http://localhost:%d/%n",
                Duration.between(started, Instant.now()).toSeconds(), server.port());
        System.out.printf("  simulated tenants: %s (primary) and %s (DR) in pair 'prod', and %s%n", PRIMARY, DR, THIRD);
        System.out.printf("  in %d s the demo takes %s down for %d s: tenant_down and failover fire, Teams, Slack,"
                        + " Google Chat and Mattermost messages arrive, then they resolve.%n",
                FIRST_OUTAGE_AFTER.toSeconds(), PRIMARY, OUTAGE.toSeconds());
        System.out.printf("  the outage also starts a dry-run failover action of pair 'prod' that waits for approval on"
                + " http://localhost:%d/pairs/prod#actions (approving records the request, sends nothing)%n",
                server.port());
        System.out.printf("  what the Teams peer received: %s/peers/teams/inbox (and .../slack, .../googlechat,"
                + " .../mattermost)%n", sim.adminUrl());
        System.out.printf("  every stored MPL state is forwarded to the Azure Monitor Logs peer (forwarder 'law'):"
                + " %s/peers/azure-monitor/inbox, status at http://localhost:%d/api/v1/forwarders%n",
                sim.adminUrl(), server.port());
        System.out.printf("  Ctrl-C stops the demo.%n%n");
        ScheduledExecutorService script = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("demo-script").unstarted(r));
        SimulatedTenant primary = sim.tenant(PRIMARY);
        script.scheduleAtFixedRate(() -> {
            System.out.printf("%s demo: taking %s down (connection refused) for %d s%n", Instant.now(), PRIMARY,
                    OUTAGE.toSeconds());
            primary.down();
            script.schedule(() -> {
                primary.up();
                System.out.printf("%s demo: %s is back%n", Instant.now(), PRIMARY);
            }, OUTAGE.toSeconds(), TimeUnit.SECONDS);
        }, FIRST_OUTAGE_AFTER.toSeconds(), CYCLE.toSeconds(), TimeUnit.SECONDS);
        int[] seen = {0, 0, 0, 0};
        script.scheduleAtFixedRate(() -> {
            List<JsonObject> cards = sim.teams().received();
            for (; seen[0] < cards.size(); seen[0]++) {
                System.out.printf("%s demo: Teams received: %s%n", Instant.now(), title(cards.get(seen[0])));
            }
            List<SlackPeer.Post> slack = sim.slack().posts();
            for (; seen[1] < slack.size(); seen[1]++) {
                SlackPeer.Post post = slack.get(seen[1]);
                System.out.printf("%s demo: Slack received: %s%s%n", Instant.now(), post.body().getString("text"),
                        post.threadTs() == null ? "" : " (in the thread of " + post.threadTs() + ")");
            }
            List<GoogleChatPeer.Post> chat = sim.googleChat().posts();
            for (; seen[2] < chat.size(); seen[2]++) {
                GoogleChatPeer.Post post = chat.get(seen[2]);
                System.out.printf("%s demo: Google Chat received: %s (thread %s)%n", Instant.now(),
                        post.body().getString("fallbackText"), post.thread());
            }
            List<JsonObject> mattermost = sim.mattermost().received();
            for (; seen[3] < mattermost.size(); seen[3]++) {
                System.out.printf("%s demo: Mattermost received: %s%n", Instant.now(), mattermostTitle(mattermost.get(seen[3])));
            }
        }, 1, 1, TimeUnit.SECONDS);
        int[] forwarded = {0};
        script.scheduleAtFixedRate(() -> {
            int rows = sim.azureMonitor().rows(LAW_STREAM).size();
            if (rows != forwarded[0]) {
                forwarded[0] = rows;
                System.out.printf("%s demo: the Azure Monitor Logs peer holds %d forwarded rows%n", Instant.now(),
                        rows);
            }
        }, 5, 30, TimeUnit.SECONDS);
        HangupSignal.install(() -> server.reload("SIGHUP"));
        ShutdownHook.await(script::shutdownNow, server, sim);
    }

    static String title(JsonObject envelope) {
        try {
            return envelope.getJsonArray("attachments").getJsonObject(0).getJsonObject("content")
                    .getJsonArray("body").getJsonObject(0).getString("text");
        } catch (RuntimeException e) {
            return envelope.encode();
        }
    }

    static String mattermostTitle(JsonObject body) {
        try {
            return body.getJsonArray("attachments").getJsonObject(0).getString("title");
        } catch (RuntimeException e) {
            return body.encode();
        }
    }

    /** The demo's configuration, written as YAML and read by the real loader; secrets come from an env map. */
    public static CpimonConfig config(Simulator sim, int port, String dataDir, Timings timings) throws ConfigException {
        Map<String, String> env = new HashMap<>();
        String yaml = yaml(sim, "{ host: 127.0.0.1, port: " + port + " }", "{ embeddedDir: \"" + dataDir + "\" }",
                timings, true, env);
        return new ConfigLoader(env::get, AlertingCatalogue.CONFIG).parse(yaml, "demo configuration");
    }

    /**
     * The demo's configuration file for the simulator's tenants and peers, with its secrets as {@code ${env:…}}
     * references put into {@code env} (for another process, e.g. instances sharing one database).
     * @param server the {@code server} section's YAML flow map
     * @param database the {@code database} section's YAML flow map
     * @param forwarding whether to forward to the simulated Azure Monitor Logs peer (its certificate is self-signed)
     */
    public static String yaml(Simulator sim, String server, String database, Timings timings, boolean forwarding,
                              Map<String, String> env) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("server: ").append(server).append('\n');
        yaml.append("database: ").append(database).append('\n');
        yaml.append("tenants:\n");
        for (SimulatedTenant t : sim.tenants()) {
            String var = t.id().toUpperCase().replace('-', '_');
            env.put(var + "_SECRET", t.clientSecret());
            env.put(var + "_PASSWORD", t.basicPassword());
            yaml.append("  - id: ").append(t.id()).append('\n')
                .append("    name: ").append(name(t.id())).append('\n')
                .append("    api:\n      url: ").append(t.apiUrl()).append('\n');
            if (t.id().equals(THIRD)) {
                yaml.append("      auth: { basic: { user: ").append(t.basicUser())
                    .append(", password: \"${env:").append(var).append("_PASSWORD}\" } }\n");
            } else {
                yaml.append("      auth: { oauth2: { tokenUrl: ").append(t.tokenUrl())
                    .append(", clientId: ").append(t.clientId())
                    .append(", clientSecret: \"${env:").append(var).append("_SECRET}\" } }\n");
            }
            yaml.append("    probe: { url: ").append(t.runtimeUrl())
                .append(", method: HEAD, interval: ").append(ms(timings.probeInterval()))
                .append(", timeout: ").append(ms(timings.probeTimeout())).append(", upStatus: [200, 401] }\n")
                .append("    poll: { interval: ").append(ms(timings.pollInterval()))
                .append(", overlap: 2m, initialLookback: 20m }\n")
                .append("    labels: { landscape: ").append(t.id().startsWith("prod") ? "prod" : "dev")
                .append(", region: ").append(t.id().endsWith("eus") ? "eastus" : "westeurope").append(" }\n");
        }
        boolean paired = sim.tenants().stream().anyMatch(t -> t.id().equals(PRIMARY))
                && sim.tenants().stream().anyMatch(t -> t.id().equals(DR));
        if (paired) {
            yaml.append("pairs:\n  - { id: prod, primary: ").append(PRIMARY).append(", dr: ").append(DR)
                .append(", mode: active-active,\n      action: { mode: dry-run, approval: true, failures: 2, window: 1m,")
                .append(" recheckAfter: 10s, failbackAfter: 20s,\n        failover: { method: PATCH, url: \"")
                .append(sim.webhook().url()).append("/front-door\", headers: { Authorization: \"${env:DEMO_ACTION_TOKEN}\" },")
                .append("\n          body: '").append(ACTION_BODY).append("' },\n        failback: { method: PATCH, url: \"")
                .append(sim.webhook().url()).append("/front-door\", headers: { Authorization: \"${env:DEMO_ACTION_TOKEN}\" },")
                .append("\n          body: '").append(ACTION_BODY).append("' } } }\n");
            env.put("DEMO_ACTION_TOKEN", "Bearer demo-action-token");
        }
        yaml.append("rules: { evaluationInterval: ").append(ms(timings.evaluationInterval()))
            .append(", tenant_down: { failures: 2, window: 2 }, dr_not_ready: { for: 1m }, jms_capacity: { for: 1m } }\n");
        AzureMonitorPeer law = sim.azureMonitor();
        env.put("DEMO_LAW_SECRET", law.clientSecret());
        StringBuilder forwarder = new StringBuilder();
        forwarder.append("forwarding:\n  - name: law\n    type: azure-monitor-logs\n")
            .append("    endpoint: \"").append(law.endpoint()).append("\"\n")
            .append("    ruleId: ").append(law.dcrImmutableId()).append('\n')
            .append("    stream: ").append(LAW_STREAM).append('\n')
            .append("    credential: { tenantId: \"").append(law.tenantId()).append("\", clientId: \"")
            .append(law.clientId()).append("\", clientSecret: \"${env:DEMO_LAW_SECRET}\", authorityHost: \"")
            .append(law.authorityHost()).append("\" }\n");
        if (forwarding) {
            yaml.append(forwarder);
        }
        env.put("DEMO_TEAMS_URL", sim.teams().url());
        env.put("DEMO_SLACK_TOKEN", sim.slack().token());
        env.put("DEMO_GOOGLE_CHAT_URL", sim.googleChat().url());
        env.put("DEMO_MATTERMOST_URL", sim.mattermost().url());
        yaml.append("channels:\n  - { name: ops-teams, type: teams, url: \"${env:DEMO_TEAMS_URL}\" }\n")
            .append("  - { name: ops-slack, type: slack, token: \"${env:DEMO_SLACK_TOKEN}\", channel: \"#")
            .append(sim.slack().channelName()).append("\", apiUrl: \"").append(sim.slack().apiUrl()).append("\" }\n")
            .append("  - { name: ops-googlechat, type: googlechat, url: \"${env:DEMO_GOOGLE_CHAT_URL}\" }\n")
            .append("  - { name: ops-mattermost, type: mattermost, url: \"${env:DEMO_MATTERMOST_URL}\" }\n");
        yaml.append("routes:\n  - { channels: [ops-teams, ops-slack, ops-googlechat, ops-mattermost] }\n");
        return yaml.toString();
    }

    /**
     * What the DR readiness check, jms_capacity and datastore_overdue find in the demo: the DR tenant lacks a user
     * credential and the global Location ID variable (neither has a copy API), the primary's Location ID variable
     * reaches its RetainUntil in 20 days, the primary's JMS broker runs near its capacity, and 3 of the 7 entries of
     * its data store ProcessedOrders are overdue.
     */
    static void drGaps(Simulator sim, Instant now) {
        TenantContent dr = sim.tenant(DR).content();
        dr.removeSecurityArtifact("SFTP_WMS_EU");
        dr.removeVariable("CloudConnectorLocationId", "");
        TenantContent primary = sim.tenant(PRIMARY).content();
        primary.putVariable(new Variable("CloudConnectorLocationId", "", now.minus(Duration.ofDays(345)),
                now.plus(Duration.ofDays(20))));
        primary.jmsBroker(new JmsBroker(8_900_000_000L, 9_500_000_000L, 12, 30, 11, 1, 0, false, false, false));
        primary.dataStores(List.of(new DataStore("ProcessedOrders", "Replicate_Orders", "", 7, 3)));
    }

    private static String ms(Duration d) {
        return d.toMillis() + "ms";
    }

    private static String name(String id) {
        return switch (id) {
            case PRIMARY -> "Production West Europe";
            case DR -> "Production East US (DR)";
            default -> "Development West Europe";
        };
    }
}
