package io.cpimon.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.alerting.AlertingCatalogue;
import io.cpimon.alerting.lifecycle.AlertEvaluator;
import io.cpimon.alerting.lifecycle.Inhibitor;
import io.cpimon.alerting.lifecycle.NotificationPlanner;
import io.cpimon.alerting.lifecycle.Router;
import io.cpimon.config.ConfigLoader;
import io.cpimon.config.CpimonConfig;
import io.cpimon.config.LabelMatcher;
import io.cpimon.core.ChangeNotifier;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertFlags;
import io.cpimon.db.AlertState;
import io.cpimon.db.ContentRow;
import io.cpimon.db.ContentRow.Kind;
import io.cpimon.db.DataStoreRow;
import io.cpimon.db.Database;
import io.cpimon.db.ForwardChange;
import io.cpimon.db.ForwardPosition;
import io.cpimon.db.JmsBrokerRow;
import io.cpimon.db.Notification;
import io.cpimon.db.ProbeResult;
import io.cpimon.db.testing.FreshDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every built-in rule against real PostgreSQL rows (inserted here, as the pollers would), through the evaluator:
 * the alerts it opens, their labels and annotations, muting (inhibition, silences) and the outbox.
 */
class RulesOnDatabaseIT {
    @RegisterExtension
    static final FreshDatabase fresh = new FreshDatabase();

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final String YAML = """
            tenants:
              - { id: t1, name: Primary, api: { url: "https://t1.example.com/api/v1", auth: { basic: { user: u, password: p } } },
                  probe: { url: "https://t1-rt.example.com/http/health" } }
              - { id: t2, name: DR, api: { url: "https://t2.example.com/api/v1", auth: { basic: { user: u, password: p } } },
                  probe: { url: "https://t2-rt.example.com/http/health" } }
            pairs:
              - { id: p, primary: t1, dr: t2, duplicateWindow: 1h }
            rules:
              dr_drift: { for: 0s }
              success_rate_drop: { for: 0s, minMessages: 3, perIflow: false }
              stuck_messages: { after: 30m }
            channels:
              - { name: ops, type: teams, url: "https://teams.example.com/hook?sig=x" }
            """;

    static CpimonConfig config() throws Exception {
        return new ConfigLoader(name -> null, AlertingCatalogue.CONFIG).parse(YAML, "test.yaml");
    }

    Database db() {
        return fresh.get();
    }

    void sql(String sql, Object... params) throws Exception {
        try (Connection c = db().dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                Object p = params[i];
                ps.setObject(i + 1, p instanceof Instant t ? Timestamp.from(t).toInstant().atOffset(ZoneOffset.UTC) : p);
            }
            ps.execute();
        }
    }

    void mpl(String tenant, String guid, String iflow, String status, Instant start, Instant end, String key, String error)
            throws Exception {
        // mpl's writers keep its day spans (V160): the rules' queries prune day partitions by them
        sql("WITH w AS (INSERT INTO mpl (tenant_id, message_guid, integration_flow_name, status, log_start, log_end, business_key,"
                + " error_text, alternate_web_link) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING tenant_id, part_day, log_end)"
                + " SELECT mpl_day_span_raise(array_agg(tenant_id), array_agg(part_day), array_agg(log_end)) FROM w",
                tenant, guid, iflow, status, start, end, key,
                error, "https://" + tenant + ".example.com/shell/monitoring/Messages/" + guid);
    }

    AlertEvaluator evaluator(CpimonConfig config) {
        return new AlertEvaluator(BuiltInRules.of(config, db().probes(), db().cursors(), db().ruleQueries(), db().alerts()),
                db().alerts(), new NotificationPlanner(new Router(config.routes()), null),
                Clock.fixed(NOW, ZoneOffset.UTC), ChangeNotifier.NOOP, () -> {}, new Inhibitor(config.rules().inhibit()),
                db().silences(), db().notifications());
    }

    Map<String, Alert> openByRule() {
        return db().alerts().openAlerts().stream().collect(Collectors.toMap(
                a -> a.rule() + (a.labels().containsKey("iflow") ? "/" + a.labels().get("iflow") : "")
                        + (a.labels().containsKey("artifact") ? "/" + a.labels().get("artifact") : "")
                        + (a.labels().containsKey("alias") ? "/" + a.labels().get("alias") : "")
                        + (a.labels().containsKey("tenant") ? "@" + a.labels().get("tenant") : ""), a -> a));
    }

    void seed() throws Exception {
        Instant m5 = NOW.minus(Duration.ofMinutes(5));
        mpl("t1", "F1", "Orders", "FAILED", m5.minusSeconds(2), m5, null, "java.net.ConnectException: Connection refused\n at x");
        mpl("t1", "F2", "Orders", "FAILED", m5.minusSeconds(1), m5.plusSeconds(30), null, null);
        mpl("t1", "C1", "Orders", "COMPLETED", m5, m5.plusSeconds(40), "K1", null);
        mpl("t2", "C2", "Orders", "COMPLETED", m5, m5.plusSeconds(50), "K1", null);
        mpl("t2", "C3", "Orders", "COMPLETED", m5, m5.plusSeconds(50), "K2", null);
        mpl("t1", "S1", "Invoices", "PROCESSING", NOW.minus(Duration.ofHours(2)), NOW.minus(Duration.ofHours(2)), null, null);
        mpl("t1", "S2", "Invoices", "RETRY", null, null, null, null);
        sql("INSERT INTO runtime_artifact (tenant_id, artifact_id, name, version, status, seen_at) VALUES"
                + " ('t1', 'Orders', 'Orders', '1.2.0', 'STARTED', ?), ('t2', 'Orders', 'Orders', '1.1.0', 'STARTED', ?),"
                + " ('t1', 'Invoices', 'Invoices', '1.0.0', 'STARTED', ?), ('t2', 'Invoices', 'Invoices', '1.0.0', 'ERROR', ?),"
                + " ('t1', 'Old', 'Old', '1.0.0', 'STARTED', ?)", NOW, NOW, NOW, NOW, NOW);
        sql("INSERT INTO keystore_entry (tenant_id, alias, type, valid_not_after, seen_at) VALUES"
                + " ('t1', 'sap_cloud', 'Certificate', ?, ?), ('t1', 'root', 'Certificate', ?, ?)",
                NOW.plus(Duration.ofDays(5)), NOW, NOW.plus(Duration.ofDays(400)), NOW);
        db().cursors().recordSuccess("t1", "mpl", NOW);
        db().cursors().recordFailure("t2", "mpl", NOW, "credentials rejected (HTTP 401 after a token refresh) for https://t2");
    }

    @Test
    void evaluate_seededRows_eachRuleReportsItsAlert() throws Exception {
        seed();
        sql("DELETE FROM runtime_artifact WHERE tenant_id = 't1' AND artifact_id = 'Old'");
        evaluator(config()).evaluateOnce();
        Map<String, Alert> open = openByRule();

        assertThat(open.keySet()).containsExactlyInAnyOrder(
                "failed_messages/Orders@t1", "success_rate_drop@t1", "stuck_messages/Invoices@t1", "auth_failed@t2",
                "duplicate_processing/Orders", "dr_drift/Orders", "iflow_error/Invoices@t2", "iflow_error/Old@t1",
                "cert_expiry/sap_cloud@t1", "dr_drift/Invoices", "dr_not_ready");
        Alert failed = open.get("failed_messages/Orders@t1");
        assertThat(failed.state()).isEqualTo(AlertState.FIRING);
        assertThat(failed.annotations()).containsEntry("count", "2").containsEntry("messageGuid", "F1")
                .containsEntry("errorText", "java.net.ConnectException: Connection refused at x")
                .containsEntry("alternateWebLink", "https://t1.example.com/shell/monitoring/Messages/F1");
        Alert dup = open.get("duplicate_processing/Orders");
        assertThat(dup.labels()).containsEntry("pair", "p");
        assertThat(dup.annotations()).containsEntry("keys", "K1").containsEntry("count", "1");
        assertThat(dup.annotations().get("messages")).isEqualTo("K1: C1 (t1) / C2 (t2)");
        assertThat(open.get("dr_drift/Orders").annotations().get("drift")).isEqualTo("at version 1.1.0 (primary 1.2.0)");
        assertThat(open.get("dr_drift/Invoices").annotations().get("drift")).isEqualTo("in ERROR");
        assertThat(open.get("stuck_messages/Invoices@t1").annotations()).containsEntry("messageGuid", "S1").containsEntry("count", "1");
        assertThat(open.get("iflow_error/Old@t1").annotations().get("summary")).contains("disappeared");
        assertThat(open).doesNotContainKey("api_unreachable@t2");
        assertThat(open.get("dr_not_ready").annotations()).containsEntry("score", "70")
                .containsEntry("summary", "DR tenant t2 of pair p is not ready: score 70, 2 open findings");
    }

    @Test
    void evaluate_iflowSilent_usualSenderSilentPastItsLearnedGap_quietIflowAndOnTimeSenderNot() throws Exception {
        // three past Tuesdays, 11:00-12:40: Nightly and Steady every 20 minutes; this Tuesday only Steady, up to 11:50
        for (int week = 1; week <= 3; week++) {
            Instant tuesday11 = NOW.minus(Duration.ofDays(7L * week)).minus(Duration.ofHours(1));
            for (int m = 0; m <= 100; m += 20) {
                Instant end = tuesday11.plus(Duration.ofMinutes(m));
                mpl("t1", "N" + week + "-" + m, "Nightly", "COMPLETED", end.minusSeconds(1), end, null, null);
                mpl("t1", "S" + week + "-" + m, "Steady", "COMPLETED", end.minusSeconds(1), end, null, null);
            }
        }
        mpl("t1", "S-now", "Steady", "COMPLETED", NOW.minus(Duration.ofMinutes(10)), NOW.minus(Duration.ofMinutes(10)),
                null, null);
        mpl("t1", "Once", "OnceOnly", "COMPLETED", NOW.minus(Duration.ofDays(7)), NOW.minus(Duration.ofDays(7)), null, null);

        evaluator(config()).evaluateOnce();

        assertThat(openByRule().keySet()).filteredOn(k -> k.startsWith("iflow_silent"))
                .containsExactly("iflow_silent/Nightly@t1");
        assertThat(openByRule().get("iflow_silent/Nightly@t1").annotations().get("summary"))
                .isEqualTo("iFlow Nightly on t1 has sent nothing for more than 40 min");
    }

    @Test
    void evaluate_datastoreOverdue_storeWithOverdueEntriesFires_unknownTenantNot() throws Exception {
        db().content().dataStores("t1", List.of(new DataStoreRow("t1", "Processed", "OrderIn", "", "Integration Flow",
                7, 3, NOW)));
        db().content().dataStores("gone", List.of(new DataStoreRow("gone", "Old", "X", "", null, 1, 1, NOW)));

        evaluator(config()).evaluateOnce();

        assertThat(openByRule().keySet()).filteredOn(k -> k.startsWith("datastore_overdue"))
                .containsExactly("datastore_overdue/OrderIn@t1");
        Alert a = openByRule().get("datastore_overdue/OrderIn@t1");
        assertThat(a.labels()).containsEntry("datastore", "Processed");
        assertThat(a.annotations().get("description"))
                .startsWith("3 of 7 entries in data store Processed of OrderIn are overdue: they were not fetched in time");
    }

    @Test
    void evaluate_jmsCapacity_brokerNearCapacityWithQueuesInError_oneAlertPerCondition_healthyBrokerNot() throws Exception {
        db().content().broker("t1", new JmsBrokerRow("t1", 8_900_000_000L, 9_500_000_000L, 12, 30, 10, 0, 2, false,
                true, false, NOW));
        db().content().broker("t2", new JmsBrokerRow("t2", 1_000_000_000L, 9_500_000_000L, 3, 30, 3, 0, 0, false,
                false, false, NOW));
        db().content().broker("gone", new JmsBrokerRow("gone", 9, 10, 1, 1, 0, 0, 1, true, true, true, NOW));

        evaluator(config()).evaluateOnce();

        List<Alert> jms = db().alerts().openAlerts().stream().filter(a -> a.rule().equals("jms_capacity")).toList();
        assertThat(jms).extracting(a -> a.labels().get("tenant") + " " + a.labels().get("condition"))
                .containsExactlyInAnyOrder("t1 capacity", "t1 queue_state", "t1 consumers");
        Alert capacity = jms.stream().filter(a -> a.labels().get("condition").equals("capacity")).findFirst().orElseThrow();
        assertThat(capacity.annotations().get("summary")).isEqualTo("JMS broker of t1: 94% of its capacity used");
        assertThat(capacity.annotations().get("description")).startsWith("capacity 8900000000 of 9500000000 bytes, 12 of 30"
                + " queues; queues ok/warning/error 10/0/2");
    }

    @Test
    void evaluate_variableExpiring_withinTheWindowFires_laterOrWithoutRetainUntilNot() throws Exception {
        db().content().replace("t1", Kind.VARIABLE, List.of(
                new ContentRow("t1", Kind.VARIABLE, "LocationId", "", "Global", NOW, NOW.plus(Duration.ofDays(20)), NOW),
                new ContentRow("t1", Kind.VARIABLE, "lastRun", "Orders", "Local", NOW, NOW.minus(Duration.ofDays(1)), NOW),
                new ContentRow("t1", Kind.VARIABLE, "later", "", "Global", NOW, NOW.plus(Duration.ofDays(31)), NOW),
                new ContentRow("t1", Kind.VARIABLE, "forever", "", "Global", NOW, null, NOW)), NOW);

        evaluator(config()).evaluateOnce();

        List<Alert> expiring = db().alerts().openAlerts().stream().filter(a -> a.rule().equals("variable_expiring"))
                .toList();
        assertThat(expiring).extracting(a -> a.labels().get("variable") + "@" + a.labels().get("iflow"))
                .containsExactlyInAnyOrder("LocationId@", "lastRun@Orders");
        assertThat(expiring).filteredOn(a -> a.labels().get("variable").equals("LocationId")).singleElement()
                .satisfies(a -> assertThat(a.annotations().get("summary"))
                        .isEqualTo("Global variable LocationId on t1 expires in 20 days"));
        assertThat(expiring).filteredOn(a -> a.labels().get("variable").equals("lastRun")).singleElement()
                .satisfies(a -> assertThat(a.annotations().get("summary"))
                        .isEqualTo("Variable lastRun of Orders on t1 has passed its RetainUntil"));
    }

    @Test
    void evaluate_forwarders_stoppedOneFailsBehindOneLagsCaughtUpOneIsQuiet() throws Exception {
        CpimonConfig config = new ConfigLoader(name -> null, AlertingCatalogue.CONFIG).parse(YAML + """
                forwarding:
                  - { name: law, type: otlp, endpoint: "http://collector:4318" }
                  - { name: otel, type: otlp, endpoint: "http://collector:4318", maxLag: 10m }
                  - { name: done, type: otlp, endpoint: "http://collector:4318", maxLag: 10m }
                """, "test.yaml");
        seed();
        sql("UPDATE mpl SET updated_at = ?", NOW.minus(Duration.ofHours(1)));
        List<ForwardChange> changes = db().forwarding().changesAfter(ForwardPosition.START, 1000);
        ForwardChange last = changes.get(changes.size() - 1);
        db().forwarding().advance("done", last.position(), last, List.of(), NOW.minusSeconds(30));
        db().forwarding().recordStopped("law", "HTTP 401 from https://dce.example.com: token rejected",
                NOW.minus(Duration.ofMinutes(10)));
        evaluator(config).evaluateOnce();

        Map<String, Alert> forward = openForwardAlerts();
        assertThat(forward.keySet()).containsExactlyInAnyOrder("forward_failed@law", "forward_lag@otel");
        assertThat(forward.get("forward_failed@law").labels()).containsEntry("type", "otlp")
                .containsEntry("severity", "critical");
        assertThat(forward.get("forward_failed@law").annotations().get("description"))
                .startsWith("HTTP 401 from https://dce.example.com: token rejected");
        assertThat(forward.get("forward_lag@otel").annotations()).containsEntry("lagSeconds", "3600");
        assertThat(forward.get("forward_lag@otel").annotations().get("summary")).isEqualTo(
                "Forwarder otel (otlp) is 1h behind");

        db().forwarding().recordStopped("law", null, NOW);
        db().forwarding().advance("law", last.position(), last, List.of(), NOW);
        db().forwarding().advance("otel", last.position(), last, List.of(), NOW);
        evaluator(config).evaluateOnce();
        assertThat(openForwardAlerts()).isEmpty();
    }

    Map<String, Alert> openForwardAlerts() {
        return db().alerts().openAlerts().stream().filter(a -> a.rule().startsWith("forward_"))
                .collect(Collectors.toMap(a -> a.rule() + "@" + a.labels().get("forwarder"), a -> a));
    }

    @Test
    void evaluate_tenantDownAndSilence_mutedAlertsVisibleFlaggedAndNotNotified() throws Exception {
        seed();
        db().probes().record(new ProbeResult("t1", NOW.minusSeconds(20), false, null, 5000, "connection refused"));
        db().probes().record(new ProbeResult("t1", NOW.minusSeconds(10), false, null, 5000, "connection refused"));
        long silence = db().silences().create(List.of(LabelMatcher.parse("tenant=\"t2\"")), NOW.minusSeconds(60),
                NOW.plusSeconds(3600), "ops", "rotating the client secret").id();
        evaluator(config()).evaluateOnce();
        Map<String, Alert> open = openByRule();

        Alert down = open.get("tenant_down@t1");
        Alert failed = open.get("failed_messages/Orders@t1");
        Alert auth = open.get("auth_failed@t2");
        Map<Long, AlertFlags> flags = db().alerts().flags(List.of(down.id(), failed.id(), auth.id(),
                open.get("cert_expiry/sap_cloud@t1").id()));
        assertThat(failed.state()).as("an inhibited alert still changes state").isEqualTo(AlertState.FIRING);
        assertThat(flags.get(failed.id()).inhibitedBy()).isEqualTo("tenant_down " + down.fingerprint());
        assertThat(flags.get(auth.id()).silencedBy()).isEqualTo(Long.toString(silence));
        assertThat(flags.get(down.id()).muted()).isFalse();
        assertThat(flags.get(open.get("cert_expiry/sap_cloud@t1").id()).muted()).as("not a message-level alert").isFalse();
        List<Long> notified = db().notifications().list(null, 1000).stream().map(Notification::alertId).toList();
        assertThat(notified).contains(down.id()).doesNotContain(failed.id(), auth.id(), open.get("stuck_messages/Invoices@t1").id());
    }

    @Test
    void evaluate_silenceExpiresWhileFiring_notifiesThen() throws Exception {
        seed();
        long silence = db().silences().create(List.of(LabelMatcher.parse("rule=\"auth_failed\"")), NOW.minusSeconds(60),
                NOW.plusSeconds(3600), "ops", null).id();
        evaluator(config()).evaluateOnce();
        Alert auth = openByRule().get("auth_failed@t2");
        assertThat(db().notifications().list(null, 1000)).noneMatch(n -> auth.id() == n.alertId());

        assertThat(db().silences().expire(silence, NOW)).isTrue();
        evaluator(config()).evaluateOnce();
        assertThat(db().alerts().flags(List.of(auth.id())).get(auth.id()).muted()).isFalse();
        assertThat(db().notifications().list(null, 1000)).anyMatch(n -> n.alertId() != null && auth.id() == n.alertId());
    }

    @Test
    void acknowledge_thenResolve_clearsAck() throws Exception {
        seed();
        evaluator(config()).evaluateOnce();
        Alert auth = openByRule().get("auth_failed@t2");
        Alert acked = db().alerts().acknowledge(auth.id(), "alice", NOW, "on it").orElseThrow();
        assertThat(acked.ackedBy()).isEqualTo("alice");
        assertThat(acked.ackedAt()).isEqualTo(NOW);
        assertThat(acked.ackComment()).isEqualTo("on it");

        db().cursors().recordSuccess("t2", "mpl", NOW);
        evaluator(config()).evaluateOnce();
        Alert resolved = db().alerts().get(auth.id()).orElseThrow();
        assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolved.ackedBy()).isNull();
        assertThat(resolved.ackedAt()).isNull();
        assertThat(db().alerts().history(auth.id())).extracting(e -> e.toState())
                .containsExactly(AlertState.FIRING, AlertState.RESOLVED);
    }
}
