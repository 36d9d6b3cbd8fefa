package io.cpimon.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import io.cpimon.config.CpimonConfig;
import io.cpimon.config.Secret;
import io.cpimon.db.Alert;
import io.cpimon.db.AlertState;
import io.cpimon.db.AlertStore;
import io.cpimon.db.NewAlert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real headless Chromium (Debian's, as .ci/run installs it): one tile per tenant,
 * a tile that turns red when its tenant's probe fails, without a reload, the alert list with open alerts first, and
 * the forwarders' section.
 */
class DashboardBrowserIT {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CPIMON_CHROMIUM", "/usr/bin/chromium"));
    static RunningCpimon cpimon;
    static Playwright playwright;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new AssertionError("the browser tests need Chromium at " + CHROMIUM
                    + " (apt-get install chromium, as .ci/run does, or set CPIMON_CHROMIUM)");
        }
        cpimon = new RunningCpimon();
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic")));
    }

    /**
     * A page whose test code may evaluate strings ({@code waitForFunction}, {@code evaluate}), which the dashboard's
     * CSP forbids ({@code 'unsafe-eval'}); the page's own scripts run under the CSP in
     * {@link #dashboard_underItsContentSecurityPolicy_runsWithoutAViolation}.
     */
    static Page testPage() {
        return browser.newContext(new Browser.NewContextOptions().setBypassCSP(true)).newPage();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
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
            Page page = testPage();
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
        Page page = testPage();
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
    void dashboard_underItsContentSecurityPolicy_runsWithoutAViolation() {
        Page page = browser.newPage();
        List<String> violations = new CopyOnWriteArrayList<>();
        page.onConsoleMessage(m -> {
            if (m.text().contains("Content Security Policy")) {
                violations.add(m.text());
            }
        });
        Response response = page.navigate(cpimon.url("/"));
        assertThat(response.headerValue("content-security-policy")).contains("script-src 'self'")
                .doesNotContain("unsafe-inline");
        page.waitForFunction("document.querySelectorAll('.tile').length >= 3");
        page.waitForFunction(forwarderRow("law") + " !== null", null,
                new Page.WaitForFunctionOptions().setTimeout(20_000));
        assertThat(violations).isEmpty();
    }

    @Test
    void dashboard_showsOneTilePerTenant_andATileTurnsDownLiveWithoutReload() {
        Page page = testPage();
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
        Page page = testPage();
        page.navigate(cpimon.url("/"));

        page.waitForFunction("document.querySelector('#alerts tr[data-alert-id=\"" + firing.id() + "\"]') !== null");
        page.waitForFunction("document.querySelector('#alerts tr[data-alert-id=\"" + acked.id() + "\"]')"
                + "?.dataset.muted === 'acked'");
        assertThat(page.locator("#alerts tbody tr").first().getAttribute("data-state")).isIn("FIRING", "PENDING");
        assertThat(page.locator("#alerts tr[data-alert-id=\"" + firing.id() + "\"]").getAttribute("data-muted"))
                .isEmpty();
        page.close();
    }

    /** An alert of a rule cpimon does not evaluate, so that it stays as the test leaves it. */
    static NewAlert browserAlert(String name, AlertState state, Instant at) {
        return new NewAlert("browser-" + name, "browser_check", Map.of("rule", "browser_check", "case", name),
                Map.of("summary", name), state, at);
    }
}
