package io.cpimon.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.alerting.AlertingCatalogue;
import io.cpimon.alerting.actions.ActionCall;
import io.cpimon.alerting.actions.ActionService;
import io.cpimon.alerting.lifecycle.AlertEvaluator;
import io.cpimon.alerting.lifecycle.Inhibitor;
import io.cpimon.alerting.lifecycle.NotificationPlanner;
import io.cpimon.alerting.lifecycle.Router;
import io.cpimon.alerting.lifecycle.Transition;
import io.cpimon.alerting.readiness.Finding;
import io.cpimon.alerting.readiness.Readiness;
import io.cpimon.alerting.readiness.ReadinessService;
import io.cpimon.alerting.rules.BuiltInRules;
import io.cpimon.config.ConfigLoader;
import io.cpimon.config.CpimonConfig;
import io.cpimon.config.CpimonConfig.TenantConfig;
import io.cpimon.core.ChangeNotifier;
import io.cpimon.db.ActionStore;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertFlags;
import io.cpimon.db.AlertQuery;
import io.cpimon.db.AlertState;
import io.cpimon.db.Database;
import io.cpimon.db.FailoverAction;
import io.cpimon.db.FailoverAction.State;
import io.cpimon.db.Notification;
import io.cpimon.db.ProbeResult;
import io.cpimon.ingest.ArtifactPoller;
import io.cpimon.ingest.ContentPoller;
import io.cpimon.ingest.IngestService;
import io.cpimon.ingest.MplPoller;
import io.cpimon.ingest.TenantProbe;
import io.cpimon.ingest.testing.SimulatedLandscape;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.peers.PeerRequest;
import io.cpimon.simulator.peers.WebhookPeer;
import io.cpimon.simulator.scenario.ScenarioRun;
import io.cpimon.simulator.scenario.Scenarios;
import io.cpimon.simulator.tenant.MplTruth;
import io.cpimon.simulator.tenant.RuntimeArtifact;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.cpimon.simulator.tenant.TenantContent.SecurityArtifact;
import io.cpimon.simulator.tenant.TenantContent.Variable;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rules engine on the simulator's scripted scenarios, read as timelines: a stepped {@link SimClock}; after
 * each step every tenant is polled ({@code pollOnce}), its artifacts read, its runtime probed twice, and the
 * evaluator runs once ({@code evaluateOnce}). Each event is "{minute} {FIRING|RESOLVED} {rule} {key labels}".
 */
class RuleScenariosIT {
    static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");
    static final Duration PHASE = Duration.ofMinutes(10);

    @RegisterExtension
    final SimulatedLandscape landscape = SimulatedLandscape.startingAt(T0);

    /** One run: the config, the ingest loops (closed by the landscape after the test), the evaluator, and the event log. */
    final class Run {
        final ScenarioRun scenario;
        final CpimonConfig config;
        final IngestService ingest;
        final List<MplPoller> pollers = new ArrayList<>();
        final List<ArtifactPoller> artifactPollers = new ArrayList<>();
        final List<ContentPoller> contentPollers = new ArrayList<>();
        final List<TenantProbe> probes = new ArrayList<>();
        final AlertEvaluator evaluator;
        final ActionService actions;
        final List<String> events = new ArrayList<>();
        /** Whether the primary's runtime fails every first probe of a step and answers the second (a flapping probe). */
        boolean flap;

        Run(String name, String rulesYaml) throws Exception {
            this(name, rulesYaml, null);
        }

        /** @param actionYaml nullable: the pair's {@code action} as a YAML flow map */
        Run(String name, String rulesYaml, String actionYaml) throws Exception {
            scenario = landscape.sim().scenario(name, PHASE);
            config = config(scenario.tenants(), rulesYaml, actionYaml);
            ingest = landscape.ingest(config);
            for (TenantConfig t : config.tenants()) {
                pollers.add(ingest.poller(t));
                artifactPollers.add(ingest.artifactPoller(t));
                contentPollers.add(ingest.contentPoller(t));
                probes.add(ingest.probe(t));
            }
            Database db = landscape.db();
            evaluator = new AlertEvaluator(BuiltInRules.of(config, db.probes(), db.cursors(), db.ruleQueries(), db.alerts()),
                    db.alerts(), new NotificationPlanner(new Router(config.routes()), null), landscape.clock(), ChangeNotifier.NOOP, () -> {},
                    new Inhibitor(config.rules().inhibit()), db.silences(), db.notifications());
            actions = new ActionService(() -> config, db.actions(), db.alerts(), db.probes(), db.audit(),
                    new ActionCall(WebClient.create(landscape.vertx())), landscape.clock());
        }

        /** Steps {@code step} at a time until {@code until} after the start, polling, probing and evaluating after each step. */
        Run stepUntil(Duration until, Duration step) {
            while (landscape.clock().instant().isBefore(scenario.start().plus(until))) {
                scenario.advance(step);
                ingestOnce();
                evaluate();
            }
            return this;
        }

        void ingestOnce() {
            for (MplPoller p : pollers) {
                try {
                    p.pollOnce();
                } catch (RuntimeException down) {
                    // recorded on the cursor by the poller: api_unreachable reads it
                }
            }
            for (ArtifactPoller p : artifactPollers) {
                try {
                    p.pollOnce();
                } catch (RuntimeException down) {
                    // as above
                }
            }
            for (ContentPoller p : contentPollers) {
                try {
                    p.pollOnce();
                } catch (RuntimeException down) {
                    // as above
                }
            }
            SimulatedTenant primary = flap ? landscape.sim().tenant(Scenarios.PRIMARY) : null;
            for (TenantProbe p : probes) {
                if (flap) {
                    primary.down();
                }
                p.probeOnce();
                if (flap) {
                    primary.up();
                }
                p.probeOnce();
            }
        }

        void evaluate() {
            long minute = Duration.between(scenario.start(), landscape.clock().instant()).toMinutes();
            for (Transition t : evaluator.evaluateOnce()) {
                if (t.kind() == Transition.Kind.TOUCH || (t.kind() == Transition.Kind.OPEN && t.to() == AlertState.PENDING)) {
                    continue;
                }
                Map<String, String> labels = t.instance() != null ? t.instance().labels() : t.alert().labels();
                String state = t.kind() == Transition.Kind.RESOLVE ? "RESOLVED" : "FIRING";
                if (t.kind() == Transition.Kind.RESOLVE && t.alert().state() == AlertState.PENDING) {
                    continue;
                }
                events.add(minute + " " + state + " " + key(labels));
            }
            actions.tick();
        }

        /** Steps a minute at a time until the pair has an action in {@code state}, at most {@code until}. */
        FailoverAction stepUntilAction(State state, Duration until) {
            while (landscape.clock().instant().isBefore(scenario.start().plus(until))) {
                Optional<FailoverAction> a = latestAction();
                if (a.isPresent() && a.get().state() == state) {
                    return a.get();
                }
                stepUntil(Duration.between(scenario.start(), landscape.clock().instant()).plusMinutes(1),
                        Duration.ofMinutes(1));
            }
            throw new AssertionError("no action in state " + state + " by " + until + ": " + latestAction()
                    + "\n" + String.join("\n", events));
        }

        Optional<FailoverAction> latestAction() {
            return landscape.db().actions().search(ActionStore.Query.latest("prod", 1)).stream().findFirst();
        }

        /** Every action of the pair, oldest first, as "direction state attempts". */
        List<String> actionLog() {
            return landscape.db().actions().search(ActionStore.Query.latest("prod", 100)).reversed().stream()
                    .map(a -> a.direction().wire() + " " + a.state().wire() + " " + a.attempts()).toList();
        }

        List<String> eventsOf(String... rules) {
            Set<String> wanted = Set.of(rules);
            return events.stream().filter(e -> wanted.contains(e.split(" ")[2])).map(e -> e.substring(e.indexOf(' ') + 1)).toList();
        }
    }

    static String key(Map<String, String> labels) {
        StringBuilder b = new StringBuilder(labels.get("rule"));
        for (String k : List.of("tenant", "pair", "iflow", "artifact", "alias", "variable")) {
            if (labels.containsKey(k)) {
                b.append(' ').append(k).append('=').append(labels.get(k));
            }
        }
        return b.toString();
    }

    CpimonConfig config(List<SimulatedTenant> tenants, String rulesYaml, String actionYaml) throws Exception {
        StringBuilder y = new StringBuilder("tenants:\n");
        for (SimulatedTenant t : tenants) {
            y.append("  - id: ").append(t.id()).append("\n    name: ").append(t.id())
                    .append("\n    api: { url: \"").append(t.apiUrl()).append("\", timeout: 2s, auth: { oauth2: { tokenUrl: \"")
                    .append(t.tokenUrl()).append("\", clientId: \"").append(t.clientId()).append("\", clientSecret: \"")
                    .append(t.clientSecret()).append("\" } } }\n    probe: { url: \"").append(t.runtimeUrl())
                    .append("\", timeout: 2s }\n    poll: { overlap: 12m, initialLookback: 2h }\n");
        }
        if (tenants.size() == 2) {
            y.append("pairs:\n  - { id: prod, primary: ").append(Scenarios.PRIMARY).append(", dr: ").append(Scenarios.DR)
                    .append(actionYaml == null ? "" : ", action: " + actionYaml).append(" }\n");
        }
        y.append("rules:\n").append(rulesYaml.indent(2));
        y.append("channels:\n  - { name: ops, type: teams, url: \"").append(landscape.sim().teams().url()).append("\" }\n");
        return new ConfigLoader(n -> null, AlertingCatalogue.CONFIG).parse(y.toString(), "scenario.yaml");
    }

    static String actionYaml(String mode, boolean approval, String url) {
        String body = "'{\"pair\":\"{{pair}}\",\"direction\":\"{{direction}}\",\"to\":\"{{to}}\"}'";
        return "{ mode: " + mode + ", approval: " + approval + ", failures: 3, window: 5m, recheckAfter: 2m,"
                + " failbackAfter: 3m, retries: 1, retryAfter: 1m, timeout: 2s,"
                + " failover: { url: \"" + url + "\", headers: { Authorization: \"Bearer act-LEAK-CANARY\" }, body: " + body + " },"
                + " failback: { method: PUT, url: \"" + url + "\", body: " + body + " } }";
    }

    @Test
    void failoverAction_live_firesOnceOnFailoverAndReversesOnFailback() throws Exception {
        WebhookPeer peer = landscape.sim().webhook();
        peer.clear();
        Run run = new Run("failover", "failback: { window: 5m }\n", actionYaml("live", false, peer.url()));
        run.stepUntil(Duration.ofMinutes(10), Duration.ofMinutes(1));
        assertThat(run.actionLog()).as("no action while the primary serves").isEmpty();
        run.stepUntil(Duration.ofMinutes(40), Duration.ofMinutes(1));

        assertThat(run.actionLog()).as(String.join("\n", run.events))
                .containsExactly("failover succeeded 1", "failback succeeded 1");
        assertThat(peer.received()).extracting(b -> b.getString("direction") + " to " + b.getString("to"))
                .containsExactly("failover to prd-eus", "failback to prd-weu");
        assertThat(peer.requests()).extracting(PeerRequest::method).containsExactly("POST", "PUT");
        assertThat(peer.requests().getFirst().header("Authorization")).isEqualTo("Bearer act-LEAK-CANARY");
        FailoverAction failover = landscape.db().actions().search(ActionStore.Query.latest("prod", 2)).getLast();
        FailoverAction stored = landscape.db().actions().get(failover.id()).orElseThrow();
        assertThat(stored.createdAt()).isAfterOrEqualTo(run.scenario.start().plus(PHASE));
        assertThat(stored.outcomeStatus()).isEqualTo(200);
        assertThat(stored.requestHeaders()).isEqualTo("Authorization");
        assertThat(stored.toString()).doesNotContain("LEAK-CANARY");
        assertThat(stored.steps()).extracting(FailoverAction.Step::step)
                .containsExactly("triggered", "rechecked", "attempt", "succeeded");
    }

    @Test
    void failoverAction_dryRunWithApproval_waitsForApprovalAndSendsNothing() throws Exception {
        WebhookPeer peer = landscape.sim().webhook();
        peer.clear();
        Run run = new Run("failover", "", actionYaml("dry-run", true, peer.url()));
        FailoverAction waiting = run.stepUntilAction(State.AWAITING_APPROVAL, Duration.ofMinutes(20));
        assertThat(waiting.direction()).isEqualTo(FailoverAction.Direction.FAILOVER);
        run.stepUntil(Duration.between(run.scenario.start(), landscape.clock().instant()).plusMinutes(2),
                Duration.ofMinutes(1));
        assertThat(run.latestAction()).get().extracting(FailoverAction::state).as("still waiting, nothing else started")
                .isEqualTo(State.AWAITING_APPROVAL);

        ActionService.Result approved = run.actions.approve(waiting.id(), "op-anna", "go");
        FailoverAction done = ((ActionService.Result.Done) approved).action();
        assertThat(done.state()).isEqualTo(State.DRY_RUN);
        assertThat(done.decidedBy()).isEqualTo("op-anna");
        assertThat(done.decidedAt()).isEqualTo(landscape.clock().instant());
        assertThat(done.requestBody()).isEqualTo("{\"pair\":\"prod\",\"direction\":\"failover\",\"to\":\"prd-eus\"}");
        assertThat(run.actions.approve(waiting.id(), "op-anna", "again")).isInstanceOf(ActionService.Result.Conflict.class);

        FailoverAction back = run.stepUntilAction(State.AWAITING_APPROVAL, Duration.ofMinutes(40));
        assertThat(back.direction()).isEqualTo(FailoverAction.Direction.FAILBACK);
        assertThat(((ActionService.Result.Done) run.actions.reject(back.id(), "op-ben", "not now")).action().state())
                .isEqualTo(State.REJECTED);
        assertThat(peer.requests()).as("dry-run sends nothing").isEmpty();
        assertThat(run.actionLog()).containsExactly("failover dry_run 0", "failback rejected 0");
    }

    @Test
    void failoverAction_peerDown_retriesPerPolicyThenFailsWithNeverASecondInFlight() throws Exception {
        WebhookPeer peer = landscape.sim().webhook();
        peer.clear();
        peer.down();
        try {
            Run run = new Run("failover", "", actionYaml("live", false, peer.url()));
            FailoverAction retrying = run.stepUntilAction(State.READY, Duration.ofMinutes(20));
            assertThat(retrying.attempts()).isEqualTo(1);
            assertThat(run.actions.request("prod", FailoverAction.Direction.FAILOVER, "by hand", "op-anna"))
                    .isInstanceOf(ActionService.Result.Conflict.class);
            FailoverAction failed = run.stepUntilAction(State.FAILED, Duration.ofMinutes(20));
            assertThat(failed.attempts()).isEqualTo(2);
            assertThat(failed.outcomeDetail()).contains("no answer from " + peer.url());
            assertThat(run.actionLog()).containsExactly("failover failed 2");
        } finally {
            peer.up();
        }
    }

    @Test
    void failoverAction_flappingPrimaryProbeInSplitBrain_noAction() throws Exception {
        WebhookPeer peer = landscape.sim().webhook();
        peer.clear();
        Run run = new Run("split-brain", "", actionYaml("live", false, peer.url()));
        run.flap = true;
        run.stepUntil(Duration.ofMinutes(16), Duration.ofMinutes(1));
        assertThat(landscape.db().probes().lastN(Scenarios.PRIMARY, 10)).as("the probe flapped")
                .anyMatch(r -> !r.up()).anyMatch(ProbeResult::up);
        assertThat(run.eventsOf("failover")).isEmpty();
        assertThat(run.actionLog()).isEmpty();
        assertThat(peer.requests()).isEmpty();
    }

    @Test
    void failover_primaryDownThenBack_tenantDownThenFailoverThenFailbackAndResolution() throws Exception {
        Run run = new Run("failover", "failback: { window: 5m }\n");
        run.stepUntil(Duration.ofMinutes(38), Duration.ofMinutes(1));
        List<String> pair = run.eventsOf("tenant_down", "failover", "failback");
        assertThat(pair).as(String.join("\n", run.events)).containsExactly(
                "FIRING tenant_down tenant=prd-weu pair=prod",
                "FIRING failover pair=prod",
                "RESOLVED tenant_down tenant=prd-weu pair=prod",
                "RESOLVED failover pair=prod",
                "FIRING failback pair=prod",
                "RESOLVED failback pair=prod");
        String down = run.events.stream().filter(e -> e.contains("FIRING tenant_down")).findFirst().orElseThrow();
        assertThat(Integer.parseInt(down.split(" ")[0])).as("the primary goes down at minute 10").isBetween(10, 13);
        assertThat(run.eventsOf("tenant_down")).noneMatch(e -> e.contains("prd-eus"));
    }

    @Test
    void splitBrain_bothTenantsProcessSameKeys_duplicateProcessingNamesExactlyThoseKeys() throws Exception {
        Run run = new Run("split-brain", "duplicate_processing: { maxListed: 1000 }\n");
        run.stepUntil(Duration.ofMinutes(9), Duration.ofMinutes(1));
        assertThat(run.eventsOf("duplicate_processing")).as("no duplicates before the split").isEmpty();
        run.stepUntil(Duration.ofMinutes(35), Duration.ofMinutes(1));

        Set<String> truth = completedKeys(Scenarios.PRIMARY);
        truth.retainAll(completedKeys(Scenarios.DR));
        assertThat(truth).as("the split brain duplicated keys").isNotEmpty();
        List<Alert> dup = landscape.db().alerts().openAlerts().stream().filter(a -> a.rule().equals("duplicate_processing")).toList();
        assertThat(dup).isNotEmpty().allSatisfy(a -> assertThat(a.labels()).containsEntry("pair", "prod").containsKey("iflow"));
        Set<String> named = dup.stream().flatMap(a -> Arrays.stream(a.annotations().get("keys").split(",")))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(named).isEqualTo(new TreeSet<>(truth));
        assertThat(dup.getFirst().annotations().get("messages")).contains("(prd-weu) / ").contains("(prd-eus)");
    }

    private Set<String> completedKeys(String tenant) {
        return landscape.sim().tenant(tenant).groundTruth().stream().filter(m -> "COMPLETED".equals(m.status()))
                .map(MplTruth::applicationMessageId).filter(k -> k != null).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void drDrift_missingVersionAndErrorOnDr_driftNamesEachArtifactAndResolvesWhenRepaired() throws Exception {
        Run run = new Run("dr-drift", "dr_drift: { for: 0s }\n");
        run.stepUntil(Duration.ofMinutes(25), Duration.ofMinutes(1));
        assertThat(run.eventsOf("dr_drift")).containsExactly(
                "FIRING dr_drift pair=prod artifact=Replicate_Orders_S4_to_WMS",
                "FIRING dr_drift pair=prod artifact=Send_Invoices_to_Ariba",
                "FIRING dr_drift pair=prod artifact=Sync_BusinessPartner_to_CRM",
                "RESOLVED dr_drift pair=prod artifact=Replicate_Orders_S4_to_WMS",
                "RESOLVED dr_drift pair=prod artifact=Send_Invoices_to_Ariba",
                "RESOLVED dr_drift pair=prod artifact=Sync_BusinessPartner_to_CRM");
        Alert error = landscape.db().alerts().search(new AlertQuery(null, "dr_drift", null, "prod", null, null, 10)).stream()
                .filter(a -> "Sync_BusinessPartner_to_CRM".equals(a.labels().get("artifact"))).findFirst().orElseThrow();
        assertThat(error.annotations().get("drift")).isEqualTo("in ERROR");
    }

    @Test
    void stuck_newMessagesStayProcessing_stuckMessagesForThatIflow() throws Exception {
        // normal traffic has messages PROCESSING for up to 30 minutes (then ABANDONED): 'after' must be longer
        Run run = new Run("stuck", "stuck_messages: { after: 35m }\n");
        run.stepUntil(Duration.ofMinutes(44), Duration.ofMinutes(1));
        assertThat(run.eventsOf("stuck_messages")).as("nothing stuck for 35 minutes before minute 45").isEmpty();
        run.stepUntil(Duration.ofMinutes(50), Duration.ofMinutes(1));
        assertThat(run.eventsOf("stuck_messages"))
                .containsExactly("FIRING stuck_messages tenant=prd-weu iflow=Replicate_Orders_S4_to_WMS");
    }

    @Test
    void storm_withTenantDown_oneTenantDownAndMessageAlertsInhibited() throws Exception {
        Database db = landscape.db();
        Run run = new Run("storm", "");
        run.stepUntil(Duration.ofMinutes(19), Duration.ofMinutes(1));
        assertThat(run.eventsOf("failed_messages")).as("the storm raised message alerts").hasSizeGreaterThanOrEqualTo(20);
        landscape.sim().tenant(Scenarios.STORM_TENANT).down();
        Set<Long> before = Set.of();
        while (run.eventsOf("tenant_down").isEmpty()) {
            before = db.notifications().list(null, 10_000).stream().map(Notification::id).collect(Collectors.toSet());
            run.stepUntil(Duration.between(run.scenario.start(), landscape.clock().instant()).plusMinutes(1), Duration.ofMinutes(1));
        }
        run.stepUntil(Duration.ofMinutes(20), Duration.ofMinutes(1));

        List<Alert> open = db.alerts().openAlerts();
        List<Alert> down = open.stream().filter(a -> a.rule().equals("tenant_down")).toList();
        assertThat(down).singleElement().satisfies(a -> assertThat(a.labels()).containsEntry("tenant", Scenarios.STORM_TENANT));
        List<Alert> messageLevel = open.stream()
                .filter(a -> Set.of("failed_messages", "success_rate_drop", "stuck_messages", "throughput_drop").contains(a.rule()))
                .toList();
        assertThat(messageLevel).hasSizeGreaterThanOrEqualTo(20);
        Map<Long, AlertFlags> flags = db.alerts().flags(messageLevel.stream().map(Alert::id).toList());
        assertThat(messageLevel).allSatisfy(a -> assertThat(flags.get(a.id()).inhibitedBy())
                .as(a.labels().toString()).contains("tenant_down " + down.getFirst().fingerprint()));
        Set<Long> ids = messageLevel.stream().map(Alert::id).collect(Collectors.toSet());
        Set<Long> earlier = before;
        List<Notification> after = db.notifications().list(null, 10_000).stream()
                .filter(n -> n.alertId() != null && ids.contains(n.alertId()) && !earlier.contains(n.id())).toList();
        assertThat(after).as("no message-level notification once the tenant is down").isEmpty();
    }

    @Test
    void quiet_aSimulatedDay_raisesNoAlert() throws Exception {
        Simulator sim = landscape.sim();
        Database db = landscape.db();
        // the simulator seeds one keystore certificate that expires 20 days after the start: a true alert, not this test's
        Run run = new Run("quiet", "cert_expiry: { days: 10 }\n");
        // the simulator gives each tenant random artifact versions: a quiet DR runs the primary's versions
        SimulatedTenant dr = sim.tenant(Scenarios.DR);
        for (RuntimeArtifact a : sim.tenant(Scenarios.PRIMARY).artifacts()) {
            dr.deploy(a);
        }
        run.stepUntil(Duration.ofHours(24), Duration.ofMinutes(10));
        assertThat(run.events).as(String.join("\n", run.events)).isEmpty();
        // a condition that held shorter than its rule's 'for' leaves a pending alert that resolved unfired: not raised
        assertThat(db.alerts().list(null, null, null, 1000)).allSatisfy(a -> assertThat(a.firingAt()).as(a.toString()).isNull());
        assertThat(db.notifications().list(null, 10)).isEmpty();
        Readiness readiness = new ReadinessService(run.config, db.ruleQueries(), landscape.clock()).of("prod").orElseThrow();
        assertThat(readiness.findings()).as("a healthy pair").isEmpty();
        assertThat(readiness.notCompared()).isEmpty();
        assertThat(readiness.score()).isEqualTo(100);
    }

    @Test
    void drReadiness_drLacksCredentialAndVariable_variableExpiring_findingsRulesAckAndRepair() throws Exception {
        Simulator sim = landscape.sim();
        Run run = new Run("quiet", "cert_expiry: { days: 10 }\ndr_not_ready: { for: 0s }\n");
        SimulatedTenant primary = sim.tenant(Scenarios.PRIMARY);
        SimulatedTenant dr = sim.tenant(Scenarios.DR);
        for (RuntimeArtifact a : primary.artifacts()) {
            dr.deploy(a);
        }
        Instant now = landscape.clock().instant();
        dr.content().removeSecurityArtifact("SFTP_WMS_EU");
        dr.content().removeVariable("CloudConnectorLocationId", "");
        primary.content().putVariable(new Variable("lastDeltaRun", "Replicate_Orders", now, now.plus(Duration.ofDays(20))));
        run.stepUntil(Duration.ofMinutes(5), Duration.ofMinutes(5));

        assertThat(run.eventsOf("dr_not_ready", "variable_expiring")).containsExactlyInAnyOrder(
                "FIRING dr_not_ready pair=prod",
                "FIRING variable_expiring tenant=prd-weu iflow=Replicate_Orders variable=lastDeltaRun");
        ReadinessService service = new ReadinessService(run.config, landscape.db().ruleQueries(), landscape.clock());
        Readiness r = service.of("prod").orElseThrow();
        assertThat(r.findings()).extracting(Finding::key).containsExactlyInAnyOrder(
                "user_credential_missing:SFTP_WMS_EU", "variable_missing:CloudConnectorLocationId",
                "variable_expiring:prd-weu:lastDeltaRun@Replicate_Orders");
        assertThat(r.score()).isEqualTo(100 - 20 - 15 - 10);
        Alert notReady = landscape.db().alerts().search(new AlertQuery(null, "dr_not_ready", null, "prod", null, null, 10))
                .getFirst();
        assertThat(notReady.annotations().get("description")).contains("SFTP_WMS_EU").contains("CloudConnectorLocationId");
        assertThat(notReady.annotations().get("summary")).contains("score 55");

        assertThat(service.ack("prod", "variable_expiring:prd-weu:lastDeltaRun@Replicate_Orders", "rewritten nightly",
                "ops")).isInstanceOf(ReadinessService.AckResult.Acked.class);
        dr.content().addUserCredential(new SecurityArtifact("SFTP_WMS_EU", null, now));
        dr.content().putVariable(new Variable("CloudConnectorLocationId", "", now, now.plus(Duration.ofDays(300))));
        run.stepUntil(Duration.ofMinutes(10), Duration.ofMinutes(5));

        assertThat(run.eventsOf("dr_not_ready")).containsExactly("FIRING dr_not_ready pair=prod",
                "RESOLVED dr_not_ready pair=prod");
        Readiness repaired = service.of("prod").orElseThrow();
        assertThat(repaired.ready()).isTrue();
        assertThat(repaired.score()).isEqualTo(100);
        assertThat(repaired.findings()).singleElement().satisfies(f -> assertThat(f.ack().reason())
                .isEqualTo("rewritten nightly"));
    }
}
