package io.cpimon.alerting.outbox;

import static io.cpimon.alerting.testing.AlertingFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.alerting.channels.Channel;
import io.cpimon.alerting.channels.ChannelPeers;
import io.cpimon.alerting.channels.NoticeStatus;
import io.cpimon.alerting.channels.ServiceNowChannel;
import io.cpimon.alerting.channels.ServiceNowChannelConfig;
import io.cpimon.alerting.channels.SlackChannel;
import io.cpimon.alerting.channels.SlackChannelConfig;
import io.cpimon.alerting.channels.TeamsChannel;
import io.cpimon.alerting.channels.TeamsChannelConfig;
import io.cpimon.alerting.channels.TeamsFormat;
import io.cpimon.alerting.channels.TemplateConfig;
import io.cpimon.alerting.channels.WebhookChannel;
import io.cpimon.alerting.channels.WebhookChannelConfig;
import io.cpimon.alerting.lifecycle.NotificationPlanner;
import io.cpimon.alerting.lifecycle.Router;
import io.cpimon.alerting.testing.AlertingFixtures;
import io.cpimon.config.CpimonConfig.RouteConfig;
import io.cpimon.config.Secret;
import io.cpimon.core.Backoff;
import io.cpimon.core.ChangeNotifier;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;
import io.cpimon.db.Database;
import io.cpimon.db.NewNotification;
import io.cpimon.db.Notification;
import io.cpimon.db.NotificationState;
import io.cpimon.db.testing.FreshDatabase;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.peers.SlackPeer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The grouping dispatcher over the real outbox and notification log (PostgreSQL) and the simulator's peers,
 * read as timelines on a settable clock: grouping (storm), firstAtOnce, groupInterval, all-resolved at once,
 * repeats and acks, dead rows to the fallback channel, the Teams rate limit, crash after claim, and chaos
 * (each peer down / 500 / 429 for a while: after recovery every notification is delivered, none twice).
 */
class DispatcherIT {
    @RegisterExtension
    static final FreshDatabase db = new FreshDatabase();

    @RegisterExtension
    static final ChannelPeers peers = new ChannelPeers();

    static final Instant T0 = NOW;
    static Simulator sim;
    static WebClient client;
    SimClock clock;

    @BeforeAll
    static void usePeers() {
        sim = peers.sim();
        client = peers.client();
    }

    @BeforeEach
    void reset() {
        clock = SimClock.fixed(T0);
        for (var peer : List.of(sim.teams(), sim.webhook(), sim.serviceNow(), sim.slack())) {
            peer.up();
            peer.clear();
        }
    }

    Database database() {
        return db.get();
    }

    Map<String, Channel> channels() {
        Map<String, Channel> c = new LinkedHashMap<>();
        c.put("teams", new TeamsChannel(new TeamsChannelConfig("teams", Secret.of(sim.teams().url()),
                TeamsFormat.ADAPTIVE), client, Duration.ofSeconds(3)));
        c.put("hook", new WebhookChannel(new WebhookChannelConfig("hook", Secret.of(sim.webhook().url()), null),
                client, Duration.ofSeconds(3)));
        c.put("slack", new SlackChannel(new SlackChannelConfig("slack", null, Secret.of(sim.slack().token()),
                sim.slack().channelName(), URI.create(sim.slack().apiUrl()), null), client, Duration.ofSeconds(3)));
        c.put("hook-tpl", new WebhookChannel(new WebhookChannelConfig("hook-tpl", Secret.of(sim.webhook().url()), null,
                new TemplateConfig("{{title}}\n{{nosuch}}", null)), client, Duration.ofSeconds(3)));
        c.put("snow", new ServiceNowChannel(new ServiceNowChannelConfig("snow", URI.create(sim.serviceNow().instanceUrl()),
                sim.serviceNow().user(), Secret.of(sim.serviceNow().password()), null), client, Duration.ofSeconds(3)));
        return c;
    }

    static RouteConfig route(List<String> channels, Duration groupWait, String fallback) {
        return AlertingFixtures.route(channels.toArray(String[]::new)).groupWait(groupWait).fallback(fallback).build();
    }

    final class Pipeline {
        final Router router;
        final NotificationPlanner planner;
        final Dispatcher dispatcher;

        Pipeline(RouteConfig... routes) {
            this(Map.of("teams", new RateLimiter.Limit(4, Duration.ofSeconds(1))), routes);
        }

        Pipeline(Map<String, RateLimiter.Limit> limits, RouteConfig... routes) {
            this(new Dispatcher.Policy(Duration.ofHours(24), Backoff.of(Duration.ofSeconds(2), Duration.ofMinutes(1)),
                    Duration.ofMinutes(2), 50), limits, routes);
        }

        Pipeline(Dispatcher.Policy policy, Map<String, RateLimiter.Limit> limits, RouteConfig... routes) {
            router = new Router(List.of(routes));
            planner = new NotificationPlanner(router, "http://cpimon.example/");
            dispatcher = new Dispatcher(database().notifications(), database().notificationLog(), database().alerts(), channels(),
                    router, clock, policy, ChangeNotifier.NOOP, new RateLimiter(limits), "http://cpimon.example/");
        }

        Alert fire(String rule, String tenant, String extra, String severity) {
            AlertingFixtures.AlertBuilder alert = AlertingFixtures.alert(rule).label("tenant", tenant).label("severity", severity)
                    .annotations(Map.of("summary", rule + " " + tenant + (extra == null ? "" : " " + extra),
                            "description", "failing since " + clock.instant()))
                    .at(clock.instant());
            if (extra != null) {
                alert.label("iflow", extra);
            }
            return database().alerts().open(alert.toNew(), planner.plan(alert.build(), NoticeStatus.FIRING, clock.instant()));
        }

        void resolve(Alert a) {
            Instant now = clock.instant();
            database().alerts().transition(a.id(), AlertState.RESOLVED, now, planner.plan(a, NoticeStatus.RESOLVED, now));
        }

        /** Dispatches until nothing is due at the clock's now. */
        void drain() {
            for (int i = 0; i < 100 && dispatcher.dispatchOnce() > 0; i++) {
                // a flush may enqueue fallback rows that are due at once
            }
        }
    }

    List<String> teamsTitles() {
        return sim.teams().received().stream().map(e -> e.getJsonArray("attachments").getJsonObject(0)
                .getJsonObject("content").getJsonArray("body").getJsonObject(0).getString("text")).toList();
    }

    @Test
    void storm_fortyFailingIflowsOfOneTenant_oneGroupedCardAfterGroupWait() {
        Pipeline p = new Pipeline(route(List.of("teams"), Duration.ofSeconds(30), null));
        for (int i = 0; i < 40; i++) {
            p.fire("failed_messages", "storm-weu", "Flow_" + i, "warning");
        }

        p.drain();
        assertThat(teamsTitles()).as("nothing before groupWait").isEmpty();
        clock.advance(Duration.ofSeconds(30));
        p.drain();

        assertThat(teamsTitles()).containsExactly("[FIRING:40] failed_messages storm-weu");
        assertThat(database().notifications().list(NotificationState.SENT, 100)).hasSize(40);
        assertThat(database().notificationLog().get("route0:{rule=\"failed_messages\",tenant=\"storm-weu\"}", "teams"))
                .hasValueSatisfying(e -> assertThat(e.lastReason()).isEqualTo("first notification"));
    }

    @Test
    void critical_firstAtOnce_followersWaitForGroupInterval_allResolvedAtOnce() {
        Pipeline p = new Pipeline(route(List.of("teams"), Duration.ofSeconds(30), null));
        Alert a = p.fire("pair_down", "prd", "a", "critical");
        p.drain();
        assertThat(teamsTitles()).containsExactly("[FIRING] pair_down prd a");

        clock.advance(Duration.ofSeconds(40));
        Alert b = p.fire("pair_down", "prd", "b", "critical");
        p.drain();
        assertThat(teamsTitles()).as("b waits for the group interval").hasSize(1);

        clock.advance(Duration.ofMinutes(5));
        p.drain();
        assertThat(teamsTitles()).last().isEqualTo("[FIRING:2] pair_down prd");

        clock.advance(Duration.ofSeconds(10));
        p.resolve(a);
        p.resolve(b);
        p.drain();
        assertThat(teamsTitles()).hasSize(3).last().isEqualTo("[RESOLVED:2] pair_down prd");
    }

    @Test
    void slackWebApi_resolvedRepliesInTheThreadOfTheFiringMessage() {
        Pipeline p = new Pipeline(route(List.of("slack"), Duration.ofSeconds(30), null));
        Alert a = p.fire("tenant_down", "prd", null, "critical");
        clock.advance(Duration.ofSeconds(30));
        p.drain();
        clock.advance(Duration.ofMinutes(2));
        p.resolve(a);
        p.drain();

        List<SlackPeer.Post> posts = sim.slack().posts();
        assertThat(posts).hasSize(2);
        assertThat(posts.get(0).threadTs()).isNull();
        assertThat(posts.get(1).threadTs()).isEqualTo(posts.get(0).ts());
        assertThat(posts.get(1).body().getString("text")).startsWith("[RESOLVED]");
    }

    @Test
    void templateFailsAtSendTime_defaultTextIsSent_andTheLogSaysSo() {
        Pipeline p = new Pipeline(route(List.of("hook-tpl"), Duration.ofSeconds(30), null));
        p.fire("tenant_down", "prd", null, "critical");
        clock.advance(Duration.ofSeconds(30));
        p.drain();

        assertThat(sim.webhook().received()).singleElement()
                .satisfies(m -> assertThat(m.getString("message")).startsWith("[FIRING] tenant_down prd"));
        assertThat(database().notificationLog().get("route0:{rule=\"tenant_down\",tenant=\"prd\"}", "hook-tpl"))
                .hasValueSatisfying(e -> assertThat(e.lastReason()).startsWith("first notification (template failed at line 2")
                        .endsWith("the default template was used)"));
    }

    @Test
    void firedAndResolvedWithinGroupWait_nothingIsSent() {
        Pipeline p = new Pipeline(route(List.of("teams"), Duration.ofSeconds(30), null));
        Alert a = p.fire("failed_messages", "t1", "x", "warning");
        clock.advance(Duration.ofSeconds(10));
        p.resolve(a);
        clock.advance(Duration.ofSeconds(30));

        p.drain();

        assertThat(teamsTitles()).isEmpty();
        assertThat(database().notifications().list(NotificationState.SENT, 10)).extracting(Notification::externalRef)
                .containsOnly("suppressed: nothing new");
    }

    @Test
    void repeat_afterRepeatInterval_onlyWhileUnacknowledged() {
        Pipeline p = new Pipeline(route(List.of("teams"), Duration.ZERO, null));
        Alert a = p.fire("tenant_down", "t1", null, "critical");
        p.drain();
        clock.advance(Duration.ofMinutes(59));
        p.drain();
        assertThat(teamsTitles()).hasSize(1);

        clock.advance(Duration.ofMinutes(1));
        p.drain();
        assertThat(teamsTitles()).hasSize(2);
        assertThat(sim.teams().received().get(1).encode()).contains("repeat interval elapsed");

        database().alerts().acknowledge(a.id(), "alice", clock.instant(), "on it");
        clock.advance(Duration.ofHours(2));
        p.drain();
        assertThat(teamsTitles()).as("acknowledged: no more repeats").hasSize(2);
    }

    @Test
    void permanentFailure_rowsDeadAndHandedToTheFallbackChannel() {
        Pipeline p = new Pipeline(route(List.of("teams"), Duration.ZERO, "hook"));
        sim.teams().failWith(404);
        p.fire("tenant_down", "t1", null, "critical");

        p.drain();

        assertThat(database().notifications().list(NotificationState.DEAD, 10)).singleElement()
                .satisfies(n -> assertThat(n.lastError()).contains("404").doesNotContain("sig="));
        assertThat(sim.webhook().received()).singleElement()
                .satisfies(m -> assertThat(m.getJsonObject("commonLabels").getString("tenant")).isEqualTo("t1"));
    }

    @Test
    void teamsRateLimit_tenGroupsAtOnce_fourPerSecond() {
        Pipeline p = new Pipeline(route(List.of("teams"), Duration.ZERO, null));
        for (int i = 0; i < 10; i++) {
            p.fire("tenant_down", "t" + i, null, "critical");
        }

        p.drain();
        assertThat(teamsTitles()).hasSize(4);
        clock.advance(Duration.ofSeconds(1));
        p.drain();
        assertThat(teamsTitles()).hasSize(8);
        clock.advance(Duration.ofSeconds(1));
        p.drain();
        assertThat(teamsTitles()).hasSize(10);
    }

    @Test
    void dispatcherDiesAfterClaiming_rowsDeliveredOnceAfterTheLease() {
        Pipeline p = new Pipeline(route(List.of("teams"), Duration.ZERO, null));
        p.fire("tenant_down", "t1", null, "critical");
        var group = database().notifications().dueGroups(clock.instant(), 10).get(0);
        assertThat(database().notifications().claimGroup(group.groupKey(), group.channel(), clock.instant(), Duration.ofMinutes(2)))
                .hasSize(1); // ...and that dispatcher is killed here

        p.drain();
        assertThat(teamsTitles()).isEmpty();
        clock.advance(Duration.ofMinutes(2));
        p.drain();

        assertThat(teamsTitles()).hasSize(1);
    }

    @Test
    void chaos_eachPeerDown500And429ForAWhile_afterRecoveryEveryNotificationDeliveredOnce() {
        Pipeline p = new Pipeline(Map.of(), route(List.of("teams", "hook", "snow"), Duration.ZERO, null));
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            alerts.add(p.fire("tenant_down", "t" + i, null, "critical"));
        }
        sim.teams().down();
        sim.webhook().failWith(500);
        sim.serviceNow().failWith(429, Duration.ofSeconds(20));
        for (int round = 0; round < 6; round++) {
            p.drain();
            clock.advance(Duration.ofSeconds(61));
        }
        assertThat(sim.webhook().received()).isEmpty();
        assertThat(sim.serviceNow().incidents()).isEmpty();
        assertThat(database().notifications().countByState().get(NotificationState.PENDING)).isEqualTo(15);

        sim.teams().up();
        sim.webhook().failWith(0);
        sim.serviceNow().failWith(0);
        for (int round = 0; round < 3; round++) {
            clock.advance(Duration.ofSeconds(61));
            p.drain();
        }
        for (Alert a : alerts) {
            p.resolve(a);
        }
        p.drain();

        assertThat(teamsTitles()).filteredOn(t -> t.startsWith("[FIRING]")).hasSize(5).doesNotHaveDuplicates();
        assertThat(teamsTitles()).filteredOn(t -> t.startsWith("[RESOLVED]")).hasSize(5);
        assertThat(sim.webhook().received()).extracting(m -> m.getString("status") + " " + m.getString("groupKey"))
                .hasSize(10).doesNotHaveDuplicates();
        assertThat(sim.serviceNow().incidents()).hasSize(5).extracting(i -> i.getString("state")).containsOnly("6");
        assertThat(sim.serviceNow().incidents()).extracting(i -> i.getString("correlation_id")).doesNotHaveDuplicates();
        assertThat(database().notifications().countByState().get(NotificationState.PENDING)).isZero();
        assertThat(database().notifications().countByState().get(NotificationState.DEAD)).isZero();
    }

    @Test
    void channelBack_afterItsFirstDelivery_wholeBacklogFollowsAtOnceInOrderNoneTwice() {
        Pipeline p = new Pipeline(Dispatcher.Policy.defaults(), Map.of(), route(List.of("hook"), Duration.ZERO, null));
        sim.webhook().failWith(503, Duration.ofSeconds(5));
        for (int i = 0; i < 5; i++) {
            p.fire("tenant_down", "t" + i, null, "critical");
            clock.advance(Duration.ofSeconds(1));
        }
        for (int round = 0; round < 40; round++) {
            p.drain();
            clock.advance(Duration.ofSeconds(15));
        }
        assertThat(sim.webhook().received()).as("ten minutes of 503").isEmpty();

        sim.webhook().failWith(0);
        Instant back = clock.instant();
        while (sim.webhook().received().isEmpty() && clock.instant().isBefore(back.plus(Duration.ofMinutes(5)))) {
            clock.advance(Duration.ofSeconds(1));
            p.drain();
        }

        assertThat(Duration.between(back, clock.instant())).as("the first retry, backoff capped near a minute")
                .isLessThanOrEqualTo(Duration.ofSeconds(75));
        List<String> tenants = sim.webhook().received().stream()
                .map(m -> m.getJsonObject("commonLabels").getString("tenant")).toList();
        assertThat(tenants).as("the backlog came with the first delivery").hasSize(5).doesNotHaveDuplicates();
        assertThat(tenants.subList(1, 5)).as("the rest oldest first").isSorted();
        assertThat(database().notifications().countByState().get(NotificationState.PENDING)).isZero();
        clock.advance(Duration.ofMinutes(5));
        p.drain();
        assertThat(sim.webhook().received()).as("none twice").hasSize(5);
    }

    static JsonObject card(JsonObject envelope) {
        return envelope.getJsonArray("attachments").getJsonObject(0).getJsonObject("content");
    }

    static List<NewNotification> none() {
        return List.of();
    }
}
