package io.cpimon.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.cpimon.config.CpimonConfig.Role;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The overview, tenant and pair pages in headless Chromium, logged in as a viewer: what each draws (cards, charts,
 * tables), a live outage turning the pair's card without a reload, an axe-core check and a screenshot of each page
 * (under {@code target/screenshots/}).
 */
class DashboardPagesIT {
    static final Page.WaitForFunctionOptions LIVE = new Page.WaitForFunctionOptions().setTimeout(60_000);
    static final Page.WaitForSelectorOptions DRAWN = new Page.WaitForSelectorOptions().setTimeout(60_000);
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

    static String pairState() {
        return "document.querySelector('.pair[data-pair=\"prod\"]')?.dataset.state";
    }

    @Test
    void overview_showsThePairSideBySideAndTheUnpairedTile_andAnOutageTurnsThePairCardLive() {
        Page page = pages.loggedIn(cpimon, Role.VIEWER);
        page.navigate(cpimon.url("/"));
        page.waitForSelector("#app[data-drawn] .pair[data-pair=\"prod\"]", DRAWN);
        assertThat(page.textContent("#who")).isEqualTo("viewer (viewer)");
        assertThat(page.locator(".pair[data-pair=\"prod\"] .side[data-side=\"primary\"] .tile").getAttribute("data-tenant"))
                .isEqualTo(Demo.PRIMARY);
        assertThat(page.locator(".pair[data-pair=\"prod\"] .side[data-side=\"dr\"] .tile").getAttribute("data-tenant"))
                .isEqualTo(Demo.DR);
        assertThat(page.locator("#tiles .tile").evaluateAll("ts => ts.map(t => t.dataset.tenant)"))
                .isEqualTo(List.of(Demo.THIRD));
        page.waitForFunction(pairState() + " === 'up'", null, LIVE);
        assertThat(page.getAttribute(".pair[data-pair=\"prod\"]", "data-serving")).isEqualTo(Demo.PRIMARY);
        assertThat(page.locator(".tile svg.heartbeat").count()).isEqualTo(3);
        assertThat(page.locator(".tile [data-role=\"flow\"] canvas").count()).as("uPlot sparklines").isEqualTo(3);
        assertThat(page.getAttribute(".tile svg.heartbeat", "aria-label")).startsWith("Probe results of");
        assertThat(page.locator(".counts .count").count()).isEqualTo(6);
        assertThat(page.getAttribute(".count[data-count=\"failed\"] a", "href")).startsWith("/messages?status=FAILED&from=");
        assertThat(page.getAttribute(".count[data-count=\"dead\"] a", "href")).isEqualTo("/channels");
        DashboardPages.assertAccessible(page, "overview");
        DashboardPages.screenshot(page, "overview");
        page.evaluate("window.__sameDocument = 'yes'");

        cpimon.sim.tenant(Demo.PRIMARY).down();
        page.waitForFunction(pairState() + " === 'down'", null, LIVE);
        page.waitForSelector(".banner[data-state=\"down\"]", DRAWN);
        assertThat(page.textContent(".banner")).contains("Production West Europe");
        assertThat(page.evaluate("window.__sameDocument")).as("updated over SSE, not by a reload").isEqualTo("yes");
        DashboardPages.screenshot(page, "overview-outage");

        cpimon.sim.tenant(Demo.PRIMARY).up();
        page.waitForFunction(pairState() + " !== 'down'", null, LIVE);
        page.close();

        Page phone = pages.loggedIn(cpimon, Role.VIEWER, true);
        phone.navigate(cpimon.url("/"));
        phone.waitForSelector("#app[data-drawn]", DRAWN);
        assertThat((Boolean) phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))
                .as("nothing wider than the phone").isTrue();
        DashboardPages.screenshot(phone, "overview-phone");
        phone.close();
    }

    @Test
    void tenantPage_drawsItsChartsArtifactsAndKeystore() {
        Page page = pages.loggedIn(cpimon, Role.VIEWER);
        page.navigate(cpimon.url("/tenants/" + Demo.PRIMARY + "?range=24h"));
        page.waitForSelector("#app[data-drawn]", DRAWN);
        assertThat(page.textContent("#app h1")).contains("Production West Europe");
        for (String chart : List.of("#latency", "#throughput", "#success")) {
            assertThat(page.locator(chart + " canvas").count()).as(chart).isPositive();
            assertThat(page.textContent(chart + "-text")).as("text alternative of " + chart).isNotBlank();
        }
        page.waitForSelector("#artifacts tr[data-artifact]", DRAWN);
        assertThat(page.locator("#artifacts th").allTextContents()).contains(Demo.DR + " version");
        page.waitForSelector("#keystore tr[data-alias]", DRAWN);
        page.click("#range button[data-range=\"7d\"]");
        page.waitForFunction("location.search === '?range=7d'", null, LIVE);
        page.waitForFunction("document.querySelector('#latency-text').textContent.includes('7d')", null, LIVE);
        DashboardPages.assertAccessible(page, "tenant");
        DashboardPages.screenshot(page, "tenant");
        page.close();
    }

    @Test
    void pairPage_drawsTheServingTimelineHeartbeatsDuplicatesAndDrift() {
        Page page = pages.loggedIn(cpimon, Role.OPERATOR);
        page.navigate(cpimon.url("/"));
        page.waitForSelector("#app[data-drawn] .pair-head h3 a", DRAWN);
        page.click(".pair-head h3 a");
        page.waitForFunction("location.pathname === '/pairs/prod'", null, LIVE);
        page.waitForSelector("#app[data-drawn]", DRAWN);
        assertThat(page.textContent("#app h1")).startsWith("Pair prod");
        assertThat(page.locator(".serving-band rect").count()).isPositive();
        assertThat(page.getAttribute(".serving-band", "aria-label")).contains("served traffic");
        assertThat(page.locator("#beats svg.heartbeat").count()).isEqualTo(2);
        assertThat(page.locator("#duplicates table").count()).isEqualTo(1);
        assertThat(page.locator("#drift table").count()).isEqualTo(1);
        page.waitForSelector("#readiness [data-role=readiness-score]", DRAWN);
        assertThat(page.locator("#readiness table").count()).isEqualTo(1);
        int score = Integer.parseInt(page.textContent("#readiness [data-role=readiness-score]").trim());
        assertThat(score).isBetween(0, 100);
        DashboardPages.assertAccessible(page, "pair");
        DashboardPages.screenshot(page, "pair");
        page.goBack();
        page.waitForSelector("#app[data-drawn] .pair", DRAWN);
        page.close();
    }
}
