package io.cpimon.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.cpimon.config.CpimonConfig;
import io.cpimon.config.Secret;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;
import io.cpimon.db.AlertStore;
import io.cpimon.db.NewAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real headless Chromium (Debian's, as .ci/run installs it): one tile per tenant,
 * a tile that turns red when its tenant's probe fails, without a reload, the alert list with open alerts first, and
 * the forwarders' section.
 */
class DashboardBrowserIT {
    static RunningCpimon cpimon;
    static DashboardPages pages;

    @BeforeAll
    static void start() throws Exception {
        pages = new DashboardPages();
        cpimon = new RunningCpimon();
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

    @Test
    void dashboard_withTokensConfigured_asksForATokenThenShowsTiles() throws Exception {
        String token = "dashboard-viewer-token-71";
        try (RunningCpimon secured = new RunningCpimon(c -> new CpimonConfig(
                new CpimonConfig.ServerConfig(c.server().host(), c.server().port(),
                        List.of(new CpimonConfig.TokenConfig("wallboard", CpimonConfig.Role.VIEWER, Secret.of(token)))),
                c.database(), c.retention(), c.tenants(), c.pairs(), c.rules(), c.channels(), c.routes()))) {
            Page page = pages.page();
            page.navigate(secured.url("/"));
            page.waitForSelector("#login:not([hidden])");
            assertThat(page.locator(".tile").count()).isZero();
            page.fill("#token", "wrong");
            page.click("#login button");
            page.waitForFunction("document.querySelector('#login-error').textContent.length > 0");
            page.fill("#token", token);
            page.click("#login button");
            page.waitForFunction("document.querySelectorAll('.tile').length >= 3");
            assertThat(page.textContent("#who")).isEqualTo("wallboard (viewer)");
            page.waitForFunction(tileState(Demo.PRIMARY) + " === 'up'");
            page.close();
        }
    }

    static String forwarderRow(String name) {
        return "document.querySelector('#forwarders tr[data-forwarder=\"" + name + "\"]')";
    }

    @Test
    void dashboard_showsTheForwarders_withLagLastSuccessAndDeadLetters() {
        Page page = pages.page();
        page.navigate(cpimon.url("/"));
        page.waitForFunction(forwarderRow("law") + " !== null", null, new Page.WaitForFunctionOptions().setTimeout(20_000));
        assertThat(page.locator("#forwarders tbody tr[data-forwarder]").count()).isEqualTo(1);
        assertThat(page.locator("#forwarders tr[data-forwarder=\"law\"] td").nth(1).textContent())
                .isEqualTo("azure-monitor-logs");
        assertThat(page.evaluate(forwarderRow("law") + ".dataset.state")).isNotEqualTo("stopped");
        page.waitForFunction(forwarderRow("law") + ".querySelector('[data-role=\"last-success\"]').textContent !== 'never'",
                null, new Page.WaitForFunctionOptions().setTimeout(30_000));
        assertThat(page.textContent("#forwarders tr[data-forwarder=\"law\"] [data-role=\"dead-letters\"]")).isEqualTo("0");
        assertThat(page.textContent("#forwarders tr[data-forwarder=\"law\"] [data-role=\"lag-rows\"]")).matches("\\d+");
        page.close();
    }

    static String tileState(String tenant) {
        return "document.querySelector('.tile[data-tenant=\"" + tenant + "\"]')?.dataset.state";
    }

    @Test
    void dashboard_showsOneTilePerTenant_andATileTurnsDownLiveWithoutReload() {
        Page page = pages.page();
        page.navigate(cpimon.url("/"));
        page.waitForFunction("document.querySelectorAll('.tile').length >= 3");
        assertThat(page.locator(".tile").count()).isEqualTo(3);
        assertThat(page.locator(".tile").evaluateAll("tiles => tiles.map(t => t.dataset.tenant).sort()"))
                .isEqualTo(List.of(Demo.DR, Demo.PRIMARY, Demo.THIRD).stream().sorted().toList());
        page.waitForFunction(tileState(Demo.PRIMARY) + " === 'up'");
        page.evaluate("window.__sameDocument = 'yes'");

        cpimon.sim.tenant(Demo.PRIMARY).down();
        page.waitForFunction(tileState(Demo.PRIMARY) + " === 'down'", null, new Page.WaitForFunctionOptions().setTimeout(20_000));
        assertThat(page.evaluate("window.__sameDocument")).as("updated over SSE, not by a reload").isEqualTo("yes");
        assertThat(page.evaluate(tileState(Demo.DR))).isEqualTo("up");

        cpimon.sim.tenant(Demo.PRIMARY).up();
        page.waitForFunction(tileState(Demo.PRIMARY) + " === 'up'", null, new Page.WaitForFunctionOptions().setTimeout(20_000));
        assertThat(page.locator(".stream").getAttribute("data-state")).isEqualTo("live");
        page.close();
    }

    @Test
    void alertList_openAlertsFirstHoweverOld_ackedOnesMarked() {
        AlertStore alerts = cpimon.server.database().alerts();
        Instant old = Instant.now().minus(Duration.ofHours(3));
        Alert firing = alerts.open(browserAlert("old", AlertState.FIRING, old), List.of());
        Alert acked = alerts.open(browserAlert("acked", AlertState.FIRING, old.plusSeconds(60)), List.of());
        alerts.acknowledge(acked.id(), "alice", Instant.now(), "on it");
        for (int i = 0; i < 25; i++) {
            Alert r = alerts.open(browserAlert("resolved-" + i, AlertState.FIRING, Instant.now()), List.of());
            alerts.transition(r.id(), AlertState.RESOLVED, Instant.now(), List.of());
        }
        Page page = pages.page();
        page.navigate(cpimon.url("/"));

        page.waitForFunction("document.querySelector('#alerts tr[data-alert-id=\"" + firing.id() + "\"]') !== null");
        page.waitForFunction("document.querySelector('#alerts tr[data-alert-id=\"" + acked.id() + "\"]')"
                + "?.dataset.muted === 'acked'");
        assertThat(page.locator("#alerts tbody tr").first().getAttribute("data-state")).isIn("FIRING", "PENDING");
        assertThat(page.locator("#alerts tr[data-alert-id=\"" + firing.id() + "\"]").getAttribute("data-muted"))
                .isEmpty();
        page.close();
    }

    @Test
    void overview_firstVisit_usesTheReadStartedBeforeTheModules_andLoadsOtherPagesOnFirstUse() {
        Page page = pages.page();
        page.navigate(cpimon.url("/"));
        page.waitForSelector("#app[data-drawn=\"true\"]");
        String fetchedBeforeDrawn = """
                (path) => performance.getEntriesByType('resource')
                    .filter(e => new URL(e.name).pathname + new URL(e.name).search === path
                        && e.startTime < performance.getEntriesByName('overview-fetched')[0].startTime).length""";
        assertThat(page.evaluate(fetchedBeforeDrawn, "/api/v1/overview?range=1h"))
                .as("the overview read by boot.js is the one drawn, not a second read").isEqualTo(1);
        assertThat(page.evaluate(fetchedBeforeDrawn, "/api/v1/session")).isEqualTo(1);
        assertThat(page.evaluate("window.cpimonEarly.size")).as("every early read claimed").isEqualTo(0);
        String pageModules = """
                () => performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)
                    .filter(p => p.startsWith('/js/pages/')).sort()""";
        assertThat(page.evaluate(pageModules)).isEqualTo(List.of("/js/pages/index.js", "/js/pages/overview.js"));

        page.click("#nav a[href=\"/alerts\"]");
        page.waitForSelector("#app h1:text-is(\"Alerts\")");
        assertThat(page.title()).isEqualTo("Alerts · cpimon");
        assertThat((List<?>) page.evaluate(pageModules)).asList().contains("/js/pages/alerts.js", "/js/pages/alert-actions.js");
        page.close();
    }

    @Test
    void shell_keepsToItsContentSecurityPolicy_andServesPagePathsAsThePage() throws Exception {
        Page page = pages.strictPage();
        page.navigate(cpimon.url("/"));
        page.waitForSelector(".tile[data-state=\"up\"]");
        page.waitForSelector("#stream[data-state=\"live\"]");
        assertThat(DashboardPages.cspViolations(page)).as("blocked by the page's CSP").isEmpty();
        DashboardPages.assertAccessible(page, "overview");
        DashboardPages.screenshot(page, "overview-shell");
        page.close();

        Page deep = pages.page();
        deep.navigate(cpimon.url("/no/such/page?x=1"));
        deep.waitForSelector("#app h1");
        assertThat(deep.textContent("#app h1")).isEqualTo("No such page");
        deep.click("#nav a[href=\"/\"]");
        deep.waitForSelector(".tile");
        assertThat(deep.url()).isEqualTo(cpimon.url("/"));
        deep.close();

        assertThat(cpimon.get("/api/v1/no-such-route").headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(cpimon.get("/webjars/uplot/1.6.30/dist/uPlot.esm.js").statusCode()).isEqualTo(200);
    }

    @Test
    void shell_pauseHoldsTheScreen_andResumeAppliesWhatWasHeld() {
        Page page = pages.page();
        page.navigate(cpimon.url("/"));
        page.waitForFunction(tileState(Demo.THIRD) + " === 'up'", null, new Page.WaitForFunctionOptions().setTimeout(20_000));
        page.keyboard().press("p");
        assertThat(page.textContent("#stream")).startsWith("paused");
        assertThat(page.getAttribute("#pause", "aria-pressed")).isEqualTo("true");

        cpimon.sim.tenant(Demo.THIRD).down();
        page.waitForFunction("document.querySelector('#stream').textContent.includes('waiting')", null,
                new Page.WaitForFunctionOptions().setTimeout(20_000));
        assertThat(page.evaluate(tileState(Demo.THIRD))).as("held while paused").isEqualTo("up");
        page.click("#pause");
        page.waitForFunction(tileState(Demo.THIRD) + " === 'down'", null, new Page.WaitForFunctionOptions().setTimeout(5_000));
        cpimon.sim.tenant(Demo.THIRD).up();
        page.close();
    }

    /** An alert of a rule cpimon does not evaluate, so that it stays as the test leaves it. */
    static NewAlert browserAlert(String name, AlertState state, Instant at) {
        return new NewAlert("browser-" + name, "browser_check", Map.of("rule", "browser_check", "case", name),
                Map.of("summary", name), state, at);
    }
}
