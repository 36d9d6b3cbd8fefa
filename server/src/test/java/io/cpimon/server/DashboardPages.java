package io.cpimon.server;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.RequestOptions;
import io.cpimon.config.CpimonConfig;
import io.cpimon.config.CpimonConfig.Role;
import io.cpimon.config.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * What every dashboard page test needs: Debian's headless Chromium through Playwright, pages opened anonymously or
 * logged in as a viewer or an operator, a screenshot under {@code target/screenshots/<name>.png} and an axe-core
 * check (WCAG 2 A/AA, no serious or critical violation). One per test class; not thread-safe (Playwright is not).
 *
 * <p>Pages run with the browser's CSP bypass because Playwright evaluates {@code waitForFunction} predicates with
 * {@code eval}, which the dashboard's policy forbids; {@link #strictPage} keeps the policy (wait with selectors there)
 * and {@link #cspViolations} reads what it blocked.
 */
final class DashboardPages implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CPIMON_CHROMIUM", "/usr/bin/chromium"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final String VIEWER_TOKEN = "dashboard-viewer-token-5171";
    static final String OPERATOR_TOKEN = "dashboard-operator-token-8832";
    private static final List<String> WCAG = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");
    private static final Set<String> BLOCKING = Set.of("serious", "critical");

    final Playwright playwright;
    final Browser browser;

    DashboardPages() {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new AssertionError("the browser tests need Chromium at " + CHROMIUM
                    + " (apt-get install chromium, as .ci/run does, or set CPIMON_CHROMIUM)");
        }
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--disable-quic")));
    }

    /** The demo configuration (its forwarder kept) with a {@code viewer} and an {@code operator} token. */
    static UnaryOperator<CpimonConfig> withTokens() {
        return c -> new CpimonConfig(
                new CpimonConfig.ServerConfig(c.server().host(), c.server().port(), List.of(
                        new CpimonConfig.TokenConfig("viewer", Role.VIEWER, Secret.of(VIEWER_TOKEN)),
                        new CpimonConfig.TokenConfig("operator", Role.OPERATOR, Secret.of(OPERATOR_TOKEN)))),
                c.database(), c.retention(), c.tenants(), c.pairs(), c.rules(), c.channels(), c.routes(),
                c.forwarding(), c.logging());
    }

    /** A new page at 1366×768 (no session; for a cpimon without tokens). */
    Page page() {
        return context(1366, 768, true).newPage();
    }

    /** A new page that enforces the dashboard's Content-Security-Policy (no {@code waitForFunction} there). */
    Page strictPage() {
        return context(1366, 768, false).newPage();
    }

    /** A new page at a phone's size (390×844, touch). */
    Page phone() {
        return context(390, 844, true).newPage();
    }

    /** A new page whose context holds the session cookie of {@code role} (cpimon started with {@link #withTokens}). */
    Page loggedIn(RunningCpimon cpimon, Role role) {
        return loggedIn(cpimon, role, false);
    }

    /** As {@link #loggedIn(RunningCpimon, Role)}, at a phone's size when {@code phone}. */
    Page loggedIn(RunningCpimon cpimon, Role role, boolean phone) {
        BrowserContext context = phone ? context(390, 844, true) : context(1366, 768, true);
        String token = role == Role.VIEWER ? VIEWER_TOKEN : OPERATOR_TOKEN;
        APIResponse r = context.request().post(cpimon.url("/api/v1/session"),
                RequestOptions.create().setData(Map.of("token", token)));
        if (r.status() != 200) {
            throw new AssertionError("login as " + role + " answered " + r.status() + ": " + r.text());
        }
        return context.newPage();
    }

    private BrowserContext context(int width, int height, boolean bypassCsp) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height)
                .setBypassCSP(bypassCsp).setHasTouch(width < 700));
        context.addInitScript("window.__csp = []; document.addEventListener('securitypolicyviolation',"
                + " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));");
        return context;
    }

    /** What the dashboard's Content-Security-Policy blocked on this page (empty when it keeps to the policy). */
    static List<String> cspViolations(Page page) {
        List<?> list = (List<?>) page.evaluate("window.__csp ?? []");
        return list.stream().map(String::valueOf).toList();
    }

    /** Saves a full-page screenshot as {@code target/screenshots/<name>.png} for a reviewer. */
    static Path screenshot(Page page, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Path file = SCREENSHOTS.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    /** Fails with every serious or critical WCAG 2 A/AA violation axe-core finds on the page as it is now. */
    static void assertAccessible(Page page, String name) {
        AxeResults results = new AxeBuilder(page).withTags(WCAG).analyze();
        if (results.isErrored()) {
            throw new AssertionError("axe-core failed on " + name + ": " + results.getErrorMessage());
        }
        List<Rule> blocking = results.getViolations().stream().filter(v -> BLOCKING.contains(v.getImpact())).toList();
        if (!blocking.isEmpty()) {
            throw new AssertionError("accessibility violations on " + name + ":\n" + blocking.stream()
                    .map(v -> v.getImpact() + " " + v.getId() + ": " + v.getHelp() + " at " + v.getNodes().stream()
                            .limit(3).map(n -> String.valueOf(n.getTarget())).collect(Collectors.joining(", ")))
                    .collect(Collectors.joining("\n")));
        }
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
