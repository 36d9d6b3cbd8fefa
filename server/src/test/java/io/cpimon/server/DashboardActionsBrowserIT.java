package io.cpimon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.RequestOptions;
import io.cpimon.config.CpimonConfig.Role;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;
import io.cpimon.db.AuditStore;
import io.cpimon.db.ContentRow;
import io.cpimon.db.ContentRow.Kind;
import io.cpimon.db.FailoverAction;
import io.cpimon.db.MplRecord;
import io.cpimon.db.MplStore;
import io.cpimon.db.MplStore.MplQuery;
import io.cpimon.db.NewAlert;
import io.cpimon.db.ReadinessAck;
import io.cpimon.db.testing.MplRecords;
import io.cpimon.simulator.peers.AzureMonitorPeer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pages where operators act, in a real headless Chromium against the demo's landscape: ack with a comment (by
 * mouse and by keyboard only), silence from a row, search by MessageGuid and by business key and read the error
 * text, a channel test with the peer's answer, a forwarder's dead letter with the peer's answer, a maintenance window
 * scheduled and listed; a viewer sees no action.
 * Every page is checked with axe-core and saved as a screenshot under {@code target/screenshots/}.
 */
class DashboardActionsBrowserIT {
    static final String PAIR = "prod";
    static final String RULE = "external_check";
    static final AtomicInteger ALERTS = new AtomicInteger();
    static RunningCpimon cpimon;
    static DashboardPages pages;

    @BeforeAll
    static void start() throws Exception {
        pages = new DashboardPages();
        cpimon = new RunningCpimon(DashboardPages.withTokens());
    }

    @AfterAll
    static void stop() {
        if (pages != null) {
            pages.close();
        }
        if (cpimon != null) {
            cpimon.close();
        }
    }

    /**
     * A firing alert of its own, so that each test acts on a row nobody else touches; of a rule the evaluator does
     * not run (as an inbound alert's), so it stays firing until the test resolves it.
     */
    static Alert firing(String iflow) {
        String name = iflow + "-" + ALERTS.incrementAndGet();
        Map<String, String> labels = Map.of("rule", RULE, "tenant", Demo.THIRD, "iflow", name);
        return cpimon.server.database().alerts().open(new NewAlert("fp-" + name, RULE, labels,
                Map.of("summary", "3 failed messages of " + name), AlertState.FIRING, Instant.now()), List.of());
    }

    static String row(Alert a) {
        return "tr[data-alert=\"" + a.id() + "\"]";
    }

    static Alert stored(Alert a) {
        return cpimon.server.database().alerts().get(a.id()).orElseThrow();
    }

    Page operator(String path) {
        Page page = pages.loggedIn(cpimon, Role.OPERATOR);
        page.navigate(cpimon.url(path));
        return page;
    }

    @Test
    void alerts_ackWithComment_rowShowsWhoAndTheAckIsStored() {
        Alert a = firing("Orders");
        Page page = operator("/alerts");
        page.click(row(a) + " button[data-act=ack]");
        page.fill("form[data-form=ack] input[name=comment]", "restarting the WMS adapter");
        page.click("form[data-form=ack] button[type=submit]");
        page.waitForSelector(row(a) + " >> text=acked by operator");

        assertThat(stored(a).ackedBy()).isEqualTo("operator");
        assertThat(stored(a).ackComment()).isEqualTo("restarting the WMS adapter");
        DashboardPages.assertAccessible(page, "alerts");
        DashboardPages.screenshot(page, "alerts");
        page.context().close();
    }

    @Test
    void alerts_keyboardOnly_focusARowPressAThenTypeAndEnter() {
        Alert a = firing("Invoices");
        Page page = operator("/alerts");
        page.waitForSelector(row(a));
        // Tab from the search field until the row has focus: no mouse at all
        page.focus("#alert-q");
        for (int i = 0; i < 200 && !(Boolean) page.evaluate("document.activeElement?.dataset?.alert === '" + a.id()
                + "'"); i++) {
            page.keyboard().press("Tab");
        }
        assertThat(page.evaluate("document.activeElement.dataset.alert")).isEqualTo(Long.toString(a.id()));
        page.keyboard().press("a");
        page.waitForSelector("form[data-form=ack] input[name=comment]:focus");
        page.keyboard().type("on it from the keyboard");
        page.keyboard().press("Enter");
        page.waitForSelector(row(a) + " >> text=acked by operator");

        assertThat(stored(a).ackComment()).isEqualTo("on it from the keyboard");
        page.context().close();
    }

    @Test
    void alerts_silenceFromARow_prefilledWithItsLabels_listedAndMutesIt() {
        Alert a = firing("Shipments");
        Page page = operator("/alerts");
        page.click(row(a) + " button[data-act=silence]");
        assertThat(page.locator("form[data-form=silence] input[name=labels]:checked").count()).isEqualTo(3);
        page.selectOption("form[data-form=silence] select[name=duration]", "1h");
        page.fill("form[data-form=silence] input[name=comment]", "known WMS outage");
        page.click("form[data-form=silence] button[type=submit]");
        page.waitForSelector("#silence-list >> text=known WMS outage");

        assertThat(cpimon.server.database().silences().current(Instant.now())).anySatisfy(s -> {
            assertThat(s.mutes(a.labels(), Instant.now())).isTrue();
            assertThat(s.endsAt()).isBetween(Instant.now().plus(Duration.ofMinutes(55)),
                    Instant.now().plus(Duration.ofMinutes(61)));
        });
        page.context().close();
    }

    @Test
    void alert_openedFromAChatLinkWithDoAck_formOpenAtOnce_timelineShowsTheAck() {
        Alert a = firing("Partners");
        Page page = pages.phone();
        page.context().request().post(cpimon.url("/api/v1/session"),
                RequestOptions.create().setData(Map.of("token", DashboardPages.OPERATOR_TOKEN)));
        page.navigate(cpimon.url("/alerts/" + a.id() + "?do=ack"));
        page.waitForSelector("form[data-form=ack] input[name=comment]:focus");
        DashboardPages.screenshot(page, "alert-phone-ack");
        page.keyboard().type("ack from the phone");
        page.keyboard().press("Enter");
        page.waitForSelector("ol.timeline li[data-kind=acked] >> text=ack from the phone");
        assertThat(page.locator("ol.timeline li[data-kind=firing]").count()).isEqualTo(1);
        DashboardPages.assertAccessible(page, "alert");
        page.context().close();

        Page wide = operator("/alerts/" + a.id());
        wide.waitForSelector("ol.timeline li[data-kind=acked]");
        DashboardPages.screenshot(wide, "alert");
        wide.context().close();
    }

    @Test
    void alert_chatLinkOpenedWithoutASession_asksForTheTokenThenOpensTheSilenceForm() {
        Alert a = firing("FromChat");
        Page page = pages.phone();
        page.navigate(cpimon.url("/alerts/" + a.id() + "?do=silence"));
        page.waitForSelector("#login:not([hidden]) #token");
        assertThat(page.locator("form[data-form]").count()).isZero();

        page.fill("#token", DashboardPages.OPERATOR_TOKEN);
        page.click("#login button");

        page.waitForSelector("form[data-form=silence]");
        assertThat(page.url()).endsWith("/alerts/" + a.id() + "?do=silence");
        assertThat(page.locator("#login").isHidden()).isTrue();
        page.context().close();
    }

    /** The test button of each chat channel of the demo reaches its simulated peer and shows the peer's verdict. */
    @ParameterizedTest
    @ValueSource(strings = {"ops-slack", "ops-googlechat", "ops-mattermost"})
    void channels_sendTestToAChatChannel_showsDelivered(String channel) {
        String result = "[data-result=\"" + channel + "\"]";
        Page page = operator("/channels");
        page.waitForSelector("button[data-test=\"" + channel + "\"]");
        // Slack's and Google Chat's peers take one message per second and the demo's own notifications may have just
        // used it: a "retry" verdict is shown as such, and the button is pressed again after the peer's Retry-After
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(1_100)).until(() -> {
            page.click("button[data-test=\"" + channel + "\"]");
            page.waitForSelector(result + " >> text=peer answered:");
            return page.textContent(result);
        }, text -> !text.contains("peer answered: retry"));

        assertThat(page.textContent(result)).contains("peer answered: delivered");
        String received = cpimon.sim.slack().posts().toString() + cpimon.sim.googleChat().posts()
                + cpimon.sim.mattermost().received();
        assertThat(received).contains("Test notification from cpimon to channel " + channel);
        page.context().close();
    }

    @Test
    void pair_requestAFailoverAction_awaitsApproval_approveRecordsTheDryRunAndSendsNothing() {
        Page page = operator("/pairs/" + PAIR + "#actions");
        page.waitForSelector("#actions[data-loaded=\"true\"] #action-request");
        page.fill("#action-request input[name=reason]", "quarterly DR drill");
        page.click("#action-request button[type=submit]");
        page.waitForSelector("tr[data-action-state=\"awaiting_approval\"] button[data-approve]");
        DashboardPages.assertAccessible(page, "pair-action-awaiting-approval");
        DashboardPages.screenshot(page, "pair-action-awaiting-approval");
        long id = Long.parseLong(page.locator("tr[data-action-state=\"awaiting_approval\"]").getAttribute("data-action-row"));
        Page viewer = pages.loggedIn(cpimon, Role.VIEWER);
        viewer.navigate(cpimon.url("/pairs/" + PAIR));
        viewer.waitForSelector("tr[data-action-row=\"" + id + "\"]");
        assertThat(viewer.locator("button[data-approve], #action-request").count()).as("a viewer cannot act").isZero();
        viewer.context().close();

        page.fill("tr[data-action-row=\"" + id + "\"] input[name=note]", "primary confirmed down");
        page.click("tr[data-action-row=\"" + id + "\"] button[data-approve]");
        page.waitForSelector("tr[data-action-row=\"" + id + "\"][data-action-state=\"dry_run\"]");
        assertThat(page.locator("tr[data-action-row=\"" + id + "\"]").textContent()).contains("operator")
                .contains("PATCH").contains("front-door");
        DashboardPages.screenshot(page, "pair-action-dry-run");
        FailoverAction stored = cpimon.server.database().actions().get(id).orElseThrow();
        assertThat(stored.decidedBy()).isEqualTo("operator");
        assertThat(stored.decisionNote()).isEqualTo("primary confirmed down");
        assertThat(stored.requestBody()).contains("\"reason\": \"quarterly DR drill\"");
        assertThat(cpimon.sim.webhook().requests()).as("dry-run sends nothing").isEmpty();
        assertThat(cpimon.server.database().audit().search(new AuditStore.Query("operator", "actions.approve", null, null,
                null, 10))).isNotEmpty();
        page.context().close();
    }

    @Test
    void pair_acknowledgeAReadinessFindingWithAReason_rowShowsWhoAndTheScoreRises() {
        String key = "user_credential_missing:S4_PRD_COMM_USER";
        // the DR tenant as the content poller would store it without that credential (polled every 5 minutes)
        await().atMost(Duration.ofSeconds(60)).until(() -> cpimon.server.database().content().snapshots()
                .getOrDefault(Demo.DR, Set.of()).contains(Kind.USER_CREDENTIAL));
        Instant now = Instant.now();
        cpimon.server.database().content().replace(Demo.DR, Kind.USER_CREDENTIAL, List.of(new ContentRow(Demo.DR,
                Kind.USER_CREDENTIAL, "SFTP_WMS_EU", "", null, now, null, now)), now);
        Page page = operator("/pairs/" + PAIR + "#readiness");
        String finding = "tr[data-finding=\"" + key + "\"]";
        page.waitForSelector(finding + "[data-acked=\"false\"] form[data-ack]");
        int before = Integer.parseInt(page.textContent("#readiness [data-role=readiness-score]").trim());

        page.fill(finding + " input[name=reason]", "decommissioned on DR, S/4 fails over separately");
        page.click(finding + " button[type=submit]");
        page.waitForSelector(finding + "[data-acked=\"true\"]");

        assertThat(page.locator(finding).textContent()).contains("operator").contains("decommissioned on DR");
        assertThat(Integer.parseInt(page.textContent("#readiness [data-role=readiness-score]").trim()))
                .isEqualTo(Math.min(100, before + 20));
        assertThat(cpimon.server.database().content().acks()).filteredOn(a -> a.findingKey().equals(key))
                .singleElement().extracting(ReadinessAck::ackedBy).isEqualTo("operator");
        page.context().close();
        Page viewer = pages.loggedIn(cpimon, Role.VIEWER);
        viewer.navigate(cpimon.url("/pairs/" + PAIR));
        viewer.waitForSelector("#readiness [data-role=readiness-score]");
        assertThat(viewer.locator("#readiness form[data-ack]").count()).as("a viewer cannot acknowledge").isZero();
        viewer.context().close();
    }

    @Test
    void viewer_seesNoActionThatWouldFail() {
        Alert a = firing("Viewers");
        Page page = pages.loggedIn(cpimon, Role.VIEWER);
        page.navigate(cpimon.url("/alerts"));
        page.waitForSelector(row(a));
        assertThat(page.locator("button[data-act]").count()).isZero();
        assertThat(page.locator(row(a) + " .readonly").textContent()).contains("read only (viewer)");
        page.navigate(cpimon.url("/alerts/" + a.id() + "?do=ack"));
        page.waitForSelector("#alert-form >> text=cannot acknowledge");
        assertThat(page.locator("form[data-form]").count()).isZero();
        page.navigate(cpimon.url("/channels"));
        page.waitForSelector("tr[data-channel]");
        assertThat(page.locator("button[data-test]").count()).isZero();
        page.navigate(cpimon.url("/maintenance"));
        page.waitForSelector("#window-list table");
        assertThat(page.locator("#maintenance-form").count()).isZero();
        assertThat(stored(a).ackedBy()).isNull();
        page.context().close();
    }

    /** A FAILED message whose error text the poller has fetched. */
    static MplRecord failedWithErrorText() {
        MplRecord[] found = new MplRecord[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            found[0] = cpimon.server.database().mpls().search(new MplQuery(null, "FAILED", null, null, null, null,
                    null, null, 50)).stream().filter(m -> m.errorText() != null && m.applicationMessageId() != null)
                    .findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    @Test
    void messages_searchByGuidThenByBusinessKey_openTheErrorText() {
        MplRecord m = failedWithErrorText();
        Page page = operator("/messages?guid=" + m.messageGuid());
        page.waitForSelector("#m-results tr[data-message=\"" + m.messageGuid() + "\"]");
        assertThat(page.locator("#m-results tbody tr").count()).isEqualTo(1);
        DashboardPages.assertAccessible(page, "messages");
        DashboardPages.screenshot(page, "messages");

        page.fill("#m-guid", "");
        page.fill("#m-appId", m.applicationMessageId());
        page.click("#message-search button[type=submit]");
        page.waitForFunction("location.search.includes('appId=')");
        page.waitForSelector("#m-results tr[data-message=\"" + m.messageGuid() + "\"]");
        assertThat(page.locator("#m-results tbody tr[data-message]").count()).isGreaterThanOrEqualTo(1);

        page.click("#m-results tr[data-message=\"" + m.messageGuid() + "\"] a");
        page.waitForSelector("#error-text");
        assertThat(page.textContent("#error-text")).isEqualTo(m.errorText());
        assertThat(page.getAttribute("#open-in-cpi", "href")).isEqualTo(m.alternateWebLink());
        DashboardPages.assertAccessible(page, "message");
        DashboardPages.screenshot(page, "message");
        page.context().close();
    }

    @Test
    void channels_sendTest_showsThePeersAnswer() {
        int before = cpimon.sim.teams().received().size();
        Page page = operator("/channels");
        page.click("button[data-test=\"ops-teams\"]");
        page.waitForSelector("[data-result=\"ops-teams\"] >> text=peer answered: delivered");
        assertThat(cpimon.sim.teams().received().size()).isGreaterThan(before);
        DashboardPages.assertAccessible(page, "channels");
        DashboardPages.screenshot(page, "channels");
        page.context().close();
    }

    /** A row the Azure Monitor Logs peer refuses even alone: the forwarder moves on, the page lists it with the answer. */
    @Test
    void channels_showTheForwarder_andARowThePeerRefusedWithItsAnswer() {
        AzureMonitorPeer law = cpimon.sim.azureMonitor();
        String guid = "refused-" + ALERTS.incrementAndGet();
        law.refuseRows(r -> guid.equals(r.getString("MessageGuid")));
        try {
            // a tenant nobody polls: its ingest cursor is this test's alone
            Instant now = Instant.now();
            cpimon.server.database().mpls().upsertPage("forward-test", List.of(MplRecords.mpl("forward-test", guid,
                    "COMPLETED", now)), new MplStore.CursorAdvance("mpl", now, now));
            await().atMost(Duration.ofSeconds(60)).until(() -> cpimon.server.database().forwarding()
                    .deadLetters("law", 10).stream().anyMatch(d -> d.messageGuid().equals(guid)));
        } finally {
            law.refuseRows(null);
        }
        Page page = operator("/channels");
        page.waitForSelector("#forwarder-list tr[data-forwarder=\"law\"]");
        assertThat(page.textContent("#forwarder-list tr[data-forwarder=\"law\"]")).contains("azure-monitor-logs");
        page.waitForSelector("#forwarder-dead-list tr[data-dead-letter] >> text=" + guid,
                new Page.WaitForSelectorOptions().setTimeout(20_000));
        assertThat(page.textContent("#forwarder-dead-list tr[data-dead-letter] [data-role=\"answer\"]"))
                .contains("HTTP 400").contains("InvalidRequestContent");
        DashboardPages.assertAccessible(page, "channels-forwarders");
        page.context().close();
    }

    @Test
    void maintenance_scheduleAWindowForThePair_listedAsScheduled() {
        Page page = operator("/maintenance");
        page.selectOption("#mw-target", "pair:" + PAIR);
        page.fill("#mw-start", "2031-05-04T22:00");
        page.selectOption("#mw-duration", "4h");
        page.fill("#mw-comment", "CPI tenant upgrade");
        page.click("#maintenance-form button[type=submit]");
        page.waitForSelector("#window-list tr[data-state=scheduled] >> text=CPI tenant upgrade");

        assertThat(cpimon.server.database().maintenance().current(Instant.now()))
                .anySatisfy(w -> assertThat(w.target()).isEqualTo(PAIR));
        DashboardPages.assertAccessible(page, "maintenance");
        DashboardPages.screenshot(page, "maintenance");
        page.context().close();
    }

    @Test
    void history_resolvedAlertSearchable() {
        Alert a = firing("Resolved");
        cpimon.server.database().alerts().transition(a.id(), AlertState.RESOLVED, Instant.now(), List.of());
        Page page = operator("/alerts/history?q=" + a.labels().get("iflow"));
        page.waitForSelector("#history-list a[href=\"/alerts/" + a.id() + "\"]");
        assertThat(page.locator("#history-list tbody tr").count()).isEqualTo(1);
        DashboardPages.assertAccessible(page, "alert-history");
        DashboardPages.screenshot(page, "alert-history");
        page.context().close();
    }
}
