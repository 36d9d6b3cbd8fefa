package io.cpimon.config;

import io.cpimon.config.YamlTree.Entry;
import io.cpimon.config.YamlTree.Kind;
import io.cpimon.config.YamlTree.ListNode;
import io.cpimon.config.YamlTree.MapNode;
import io.cpimon.config.YamlTree.Node;
import io.cpimon.config.YamlTree.ScalarNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the located YAML tree into the {@link CpimonConfig} records by hand: resolves references,
 * applies defaults, reports unknown keys, and validates, collecting every error instead of stopping
 * at the first. Errors never quote a secret, nor any value read through a reference.
 * One instance per load; not thread-safe.
 */
final class Binder {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]*)}");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern CHANNEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    private static final String ID_RULE = "use 1 to 63 lowercase letters, digits and '-', starting with a letter or digit";

    private final String file;
    private final Function<String, String> env;
    private final Path baseDir;
    private final List<ConfigError> errors;

    /**
     * @param baseDir where relative {@code ${file:…}} paths start; null for the working directory
     */
    Binder(String file, Function<String, String> env, Path baseDir, List<ConfigError> errors) {
        this.file = file;
        this.env = env;
        this.baseDir = baseDir;
        this.errors = errors;
    }

    // ================================================================ the tree

    /** @return the configuration; meaningless when errors were added */
    CpimonConfig bind(Node root) {
        if (!(root instanceof MapNode map)) {
            error(root.line(), "", "expected a map with the sections server, database, retention, tenants, pairs, "
                    + "rules, channels, routes; got " + describe(root));
            return null;
        }
        Obj top = new Obj(map, "");
        CpimonConfig.ServerConfig server = server(top.section("server"));
        CpimonConfig.DatabaseConfig database = database(top.section("database"));
        CpimonConfig.RetentionConfig retention = retention(top.section("retention"));

        List<CpimonConfig.TenantConfig> tenants = new ArrayList<>();
        Map<String, Integer> tenantLines = new LinkedHashMap<>();
        for (Obj t : top.objects("tenants")) {
            tenants.add(tenant(t, tenantLines));
        }

        List<CpimonConfig.PairConfig> pairs = new ArrayList<>();
        Map<String, String> pairOfTenant = new LinkedHashMap<>();
        Set<String> pairIds = new LinkedHashSet<>();
        for (Obj p : top.objects("pairs")) {
            pairs.add(pair(p, tenantLines.keySet(), pairOfTenant, pairIds));
        }

        CpimonConfig.RulesConfig rules = rules(top.section("rules"));

        List<CpimonConfig.ChannelConfig> channels = new ArrayList<>();
        Set<String> channelNames = new LinkedHashSet<>();
        for (Obj c : top.objects("channels")) {
            CpimonConfig.ChannelConfig channel = channel(c, channelNames);
            if (channel != null) {
                channels.add(channel);
            }
        }

        List<CpimonConfig.RouteConfig> routes = new ArrayList<>();
        for (Obj r : top.objects("routes")) {
            routes.add(route(r, channelNames));
        }
        if (routes.isEmpty() && !channelNames.isEmpty()) {
            routes.add(new CpimonConfig.RouteConfig(Map.of(), List.copyOf(channelNames), ConfigDefaults.GROUP_BY,
                    ConfigDefaults.GROUP_WAIT, ConfigDefaults.GROUP_INTERVAL, ConfigDefaults.REPEAT_INTERVAL, false));
        }
        List<ForwarderConfig> forwarding = new ForwardingBinder(this::error).bind(top);
        top.done();
        return new CpimonConfig(server, database, retention, List.copyOf(tenants), List.copyOf(pairs), rules,
                List.copyOf(channels), List.copyOf(routes), forwarding);
    }

    // ================================================================ server, database, retention

    private CpimonConfig.ServerConfig server(Obj s) {
        String host = s.string("host", ConfigDefaults.HOST);
        int port = s.integer("port", ConfigDefaults.PORT, 0, 65535);
        List<CpimonConfig.TokenConfig> tokens = new ArrayList<>();
        Map<String, Integer> names = new LinkedHashMap<>();
        for (Obj t : s.objects("tokens")) {
            Text name = t.text("name", true);
            if (name != null) {
                unique(names, name, t.field("name"), "token name");
            }
            CpimonConfig.Role role = t.choice("role", Map.of(
                    "viewer", CpimonConfig.Role.VIEWER,
                    "operator", CpimonConfig.Role.OPERATOR,
                    "admin", CpimonConfig.Role.ADMIN), null, true);
            Secret token = t.secret("token", true);
            t.done();
            tokens.add(new CpimonConfig.TokenConfig(name == null ? null : name.value(), role, token));
        }
        s.done();
        return new CpimonConfig.ServerConfig(host, port, List.copyOf(tokens));
    }

    private CpimonConfig.DatabaseConfig database(Obj d) {
        Text url = d.text("url", false);
        if (url != null && !url.value().startsWith("jdbc:postgresql:")) {
            // the value is not shown: JDBC URLs may carry a password
            error(url.line(), d.field("url"), "must be a PostgreSQL JDBC URL such as jdbc:postgresql://host:5432/cpimon, "
                    + "or be left out for the embedded database");
        }
        String user = d.string("user", null);
        Secret password = d.secret("password", false);
        String embeddedDir = d.string("embeddedDir", ConfigDefaults.EMBEDDED_DIR);
        int poolSize = d.integer("poolSize", ConfigDefaults.POOL_SIZE, 1, 1000);
        d.done();
        return new CpimonConfig.DatabaseConfig(url == null ? null : url.value(), user, password, embeddedDir, poolSize);
    }

    private CpimonConfig.RetentionConfig retention(Obj r) {
        Duration mpl = r.duration("mpl", ConfigDefaults.RETENTION_MPL, true);
        Duration probes = r.duration("probes", ConfigDefaults.RETENTION_PROBES, true);
        Duration alerts = r.duration("alerts", ConfigDefaults.RETENTION_ALERTS, true);
        r.done();
        return new CpimonConfig.RetentionConfig(mpl, probes, alerts);
    }

    // ================================================================ tenants

    private CpimonConfig.TenantConfig tenant(Obj t, Map<String, Integer> ids) {
        Text idText = t.text("id", true);
        String id = idText == null ? null : idText.value();
        if (idText != null) {
            checkId(idText, t.field("id"), "tenant");
            unique(ids, idText, t.field("id"), "tenant id"); // even when invalid: pairs naming it get no second error
        }
        String name = t.string("name", id);
        CpimonConfig.ApiConfig api = api(t.required("api"));
        CpimonConfig.ProbeConfig probe = probe(t.required("probe"));
        CpimonConfig.PollConfig poll = poll(t.section("poll"));
        Map<String, String> labels = t.stringMap("labels");
        t.done();
        return new CpimonConfig.TenantConfig(id, name, api, probe, poll, labels);
    }

    private CpimonConfig.ApiConfig api(Obj a) {
        if (a == null) {
            return null;
        }
        URI url = a.url("url", true);
        CpimonConfig.AuthConfig auth = auth(a.required("auth"));
        Duration timeout = a.duration("timeout", ConfigDefaults.API_TIMEOUT, true);
        a.done();
        return new CpimonConfig.ApiConfig(url, auth, timeout);
    }

    private CpimonConfig.AuthConfig auth(Obj a) {
        if (a == null) {
            return null;
        }
        Obj o = a.optional("oauth2");
        Obj b = a.optional("basic");
        CpimonConfig.OAuth2Config oauth2 = null;
        if (o != null) {
            URI tokenUrl = o.url("tokenUrl", true);
            String clientId = o.requiredString("clientId");
            Secret clientSecret = o.secret("clientSecret", true);
            o.done();
            oauth2 = new CpimonConfig.OAuth2Config(tokenUrl, clientId, clientSecret);
        }
        CpimonConfig.BasicAuthConfig basic = b == null ? null : basic(b);
        if (o == null && b == null) {
            error(a.line(), a.path(), "set exactly one of oauth2 and basic");
        } else if (o != null && b != null) {
            error(a.line(), a.path(), "set only one of oauth2 and basic, not both");
        }
        a.done();
        return new CpimonConfig.AuthConfig(oauth2, basic);
    }

    private CpimonConfig.BasicAuthConfig basic(Obj b) {
        String user = b.requiredString("user");
        Secret password = b.secret("password", true);
        b.done();
        return new CpimonConfig.BasicAuthConfig(user, password);
    }

    private CpimonConfig.ProbeConfig probe(Obj p) {
        if (p == null) {
            return null;
        }
        URI url = p.url("url", true);
        String method = p.choice("method", Map.of("HEAD", "HEAD", "GET", "GET"), ConfigDefaults.PROBE_METHOD, false);
        Duration interval = p.duration("interval", ConfigDefaults.PROBE_INTERVAL, true);
        Duration timeout = p.duration("timeout", ConfigDefaults.PROBE_TIMEOUT, true);
        Set<Integer> upStatus = statusCodes(p);
        Obj authObj = p.optional("auth");
        CpimonConfig.BasicAuthConfig auth = authObj == null ? null : basic(authObj);
        Text bodyMatch = p.text("bodyMatch", false);
        if (bodyMatch != null && !"GET".equals(method)) {
            error(bodyMatch.line(), p.field("bodyMatch"), "needs method: GET (a HEAD response has no body)");
        }
        p.done();
        return new CpimonConfig.ProbeConfig(url, method, interval, timeout, upStatus, auth,
                bodyMatch == null ? null : bodyMatch.value());
    }

    private Set<Integer> statusCodes(Obj p) {
        List<Item> items = p.items("upStatus");
        if (items == null) {
            return ConfigDefaults.UP_STATUS;
        }
        Set<Integer> codes = new LinkedHashSet<>();
        for (Item item : items) {
            Integer code = integer(item.node(), item.path(), 100, 599);
            if (code != null) {
                codes.add(code);
            }
        }
        if (items.isEmpty()) {
            error(p.line("upStatus"), p.field("upStatus"), "must list at least one HTTP status code, e.g. [200]");
        }
        return Collections.unmodifiableSet(codes);
    }

    private CpimonConfig.PollConfig poll(Obj p) {
        Duration interval = p.duration("interval", ConfigDefaults.POLL_INTERVAL, true);
        Duration overlap = p.duration("overlap", ConfigDefaults.POLL_OVERLAP, false);
        int pageSize = p.integer("pageSize", ConfigDefaults.PAGE_SIZE, 1, 1000);
        Duration initialLookback = p.duration("initialLookback", ConfigDefaults.INITIAL_LOOKBACK, false);
        p.done();
        return new CpimonConfig.PollConfig(interval, overlap, pageSize, initialLookback);
    }

    // ================================================================ pairs

    private CpimonConfig.PairConfig pair(Obj p, Set<String> tenants, Map<String, String> pairOfTenant, Set<String> pairIds) {
        Text idText = p.text("id", true);
        String id = idText == null ? null : idText.value();
        if (idText != null && checkId(idText, p.field("id"), "pair") && !pairIds.add(id)) {
            error(idText.line(), p.field("id"), "duplicate pair id '" + id + "'");
        }
        Text primary = p.text("primary", true);
        Text dr = p.text("dr", true);
        for (Text ref : new Text[] {primary, dr}) {
            if (ref == null) {
                continue;
            }
            String field = p.field(ref == primary ? "primary" : "dr");
            if (!tenants.contains(ref.value())) {
                error(ref.line(), field, "unknown tenant " + ref.shown() + listOf(" (tenants: ", tenants, ")"));
            } else if (ref == dr && primary != null && primary.value().equals(dr.value())) {
                error(ref.line(), field, "must be a different tenant than primary");
            } else if (pairOfTenant.containsKey(ref.value())) {
                error(ref.line(), field, "tenant '" + ref.value() + "' is already in pair '"
                        + pairOfTenant.get(ref.value()) + "'; a tenant belongs to at most one pair");
            } else {
                pairOfTenant.put(ref.value(), id);
            }
        }
        CpimonConfig.PairMode mode = p.choice("mode", Map.of(
                "active-active", CpimonConfig.PairMode.ACTIVE_ACTIVE,
                "active-passive", CpimonConfig.PairMode.ACTIVE_PASSIVE), ConfigDefaults.PAIR_MODE, false);
        String businessKey = p.string("businessKey", ConfigDefaults.BUSINESS_KEY);
        Duration duplicateWindow = p.duration("duplicateWindow", ConfigDefaults.DUPLICATE_WINDOW, true);
        p.done();
        return new CpimonConfig.PairConfig(id, primary == null ? null : primary.value(), dr == null ? null : dr.value(),
                mode, businessKey, duplicateWindow);
    }

    // ================================================================ rules

    private CpimonConfig.RulesConfig rules(Obj r) {
        Duration evaluationInterval = r.duration("evaluationInterval", ConfigDefaults.EVALUATION_INTERVAL, true);
        Obj t = r.section("tenant_down");
        boolean enabled = t.bool("enabled", true);
        int failures = t.integer("failures", ConfigDefaults.TENANT_DOWN_FAILURES, 1, 1000);
        int window = t.integer("window", ConfigDefaults.TENANT_DOWN_WINDOW, 1, 1000);
        if (failures > window) {
            error(t.line("failures"), t.field("failures"), "must not exceed window (" + failures + " > " + window + ")");
        }
        Duration forDuration = t.duration("for", Duration.ZERO, false);
        Duration keepFiringFor = t.duration("keepFiringFor", Duration.ZERO, false);
        String severity = t.choice("severity", ConfigDefaults.SEVERITIES, ConfigDefaults.SEVERITY, false);
        t.done();

        Obj o = r.section("api_unreachable");
        var apiUnreachable = new CpimonConfig.ApiUnreachableRule(basics(o, ConfigDefaults.API_UNREACHABLE),
                o.integer("failures", ConfigDefaults.API_UNREACHABLE_FAILURES, 1, 1000));
        o.done();
        o = r.section("auth_failed");
        CpimonConfig.RuleBasics authBasics = basics(o, ConfigDefaults.AUTH_FAILED);
        String authPattern = regex(o, "pattern", ConfigDefaults.AUTH_PATTERN);
        o.done();
        o = r.section("success_rate_drop");
        var successRate = new CpimonConfig.SuccessRateRule(basics(o, ConfigDefaults.SUCCESS_RATE),
                o.duration("window", ConfigDefaults.SUCCESS_RATE_WINDOW, true),
                o.decimal("threshold", ConfigDefaults.SUCCESS_RATE_THRESHOLD, 0, 1),
                o.integer("minMessages", ConfigDefaults.SUCCESS_RATE_MIN_MESSAGES, 1, 1_000_000),
                o.bool("perIflow", true), overrides(o, "threshold", "minMessages"));
        o.done();
        o = r.section("throughput_drop");
        var throughput = new CpimonConfig.ThroughputRule(basics(o, ConfigDefaults.THROUGHPUT),
                o.duration("window", ConfigDefaults.THROUGHPUT_WINDOW, true),
                o.decimal("ratio", ConfigDefaults.THROUGHPUT_RATIO, 0, 1),
                o.integer("days", ConfigDefaults.THROUGHPUT_DAYS, 1, 90),
                o.integer("minBaseline", ConfigDefaults.THROUGHPUT_MIN_BASELINE, 1, 1_000_000),
                o.bool("silence", true), overrides(o, "ratio"));
        o.done();
        o = r.section("failed_messages");
        var failedMessages = new CpimonConfig.FailedMessagesRule(basics(o, ConfigDefaults.FAILED_MESSAGES),
                o.duration("window", ConfigDefaults.FAILED_MESSAGES_WINDOW, true),
                o.integer("minMessages", ConfigDefaults.FAILED_MESSAGES_MIN, 1, 1_000_000),
                o.decimal("minShare", ConfigDefaults.FAILED_MESSAGES_MIN_SHARE, 0, 1), overrides(o, "minMessages", "threshold"));
        o.done();
        o = r.section("stuck_messages");
        var stuck = new CpimonConfig.StuckRule(basics(o, ConfigDefaults.STUCK),
                o.duration("after", ConfigDefaults.STUCK_AFTER, true), overrides(o, "after"));
        o.done();
        o = r.section("iflow_error");
        var iflowError = new CpimonConfig.IflowErrorRule(basics(o, ConfigDefaults.IFLOW_ERROR),
                o.duration("goneFor", ConfigDefaults.IFLOW_GONE_FOR, false));
        o.done();
        o = r.section("cert_expiry");
        var certExpiry = new CpimonConfig.CertExpiryRule(basics(o, ConfigDefaults.CERT_EXPIRY),
                o.integer("days", ConfigDefaults.CERT_EXPIRY_DAYS, 0, 3650));
        o.done();
        o = r.section("failover");
        CpimonConfig.RuleBasics failoverBasics = basics(o, ConfigDefaults.FAILOVER);
        Duration failoverWindow = o.duration("window", ConfigDefaults.FAILOVER_WINDOW, true);
        double enterShare = o.decimal("enterShare", ConfigDefaults.FAILOVER_ENTER_SHARE, 0, 1);
        double exitShare = o.decimal("exitShare", ConfigDefaults.FAILOVER_EXIT_SHARE, 0, 1);
        if (exitShare > enterShare) {
            error(o.line("exitShare"), o.field("exitShare"), "must not exceed enterShare (" + exitShare + " > " + enterShare + ")");
        }
        var failover = new CpimonConfig.FailoverRule(failoverBasics, failoverWindow, enterShare, exitShare,
                o.integer("minMessages", ConfigDefaults.FAILOVER_MIN_MESSAGES, 1, 1_000_000));
        o.done();
        o = r.section("failback");
        var failback = new CpimonConfig.FailbackRule(basics(o, ConfigDefaults.FAILBACK),
                o.duration("window", ConfigDefaults.FAILBACK_WINDOW, true));
        o.done();
        o = r.section("duplicate_processing");
        var duplicate = new CpimonConfig.DuplicateRule(basics(o, ConfigDefaults.DUPLICATE),
                o.integer("maxListed", ConfigDefaults.DUPLICATE_MAX_LISTED, 1, 1000));
        o.done();
        o = r.section("dr_drift");
        var drDrift = new CpimonConfig.DrDriftRule(basics(o, ConfigDefaults.DR_DRIFT));
        o.done();
        List<CpimonConfig.InhibitRule> inhibit = ConfigDefaults.INHIBIT;
        if (r.items("inhibit") != null) {
            List<CpimonConfig.InhibitRule> rulesList = new ArrayList<>();
            for (Obj i : r.objects("inhibit")) {
                rulesList.add(new CpimonConfig.InhibitRule(matchers(i, "source"), matchers(i, "target"),
                        i.strings("equal", List.of())));
                i.done();
            }
            inhibit = List.copyOf(rulesList);
        }
        r.done();
        return new CpimonConfig.RulesConfig(evaluationInterval,
                new CpimonConfig.TenantDownRule(enabled, failures, window, forDuration, keepFiringFor, severity),
                apiUnreachable, new CpimonConfig.AuthFailedRule(authBasics, authPattern), successRate, throughput,
                failedMessages, stuck, iflowError, certExpiry, failover, failback, duplicate, drDrift, inhibit);
    }

    private CpimonConfig.RuleBasics basics(Obj o, CpimonConfig.RuleBasics defaults) {
        return new CpimonConfig.RuleBasics(
                o.bool("enabled", defaults.enabled()),
                o.duration("for", defaults.forDuration(), false),
                o.duration("keepFiringFor", defaults.keepFiringFor(), false),
                o.choice("severity", ConfigDefaults.SEVERITIES, defaults.severity(), false));
    }

    /** {@code overrides: [{tenant, iflow, enabled, <params>}]}: the rule's own overridable parameters only. */
    private List<CpimonConfig.RuleOverride> overrides(Obj rule, String... params) {
        Set<String> allowed = Set.of(params);
        List<CpimonConfig.RuleOverride> out = new ArrayList<>();
        for (Obj o : rule.objects("overrides")) {
            String tenant = o.string("tenant", null);
            String iflow = o.string("iflow", null);
            if (tenant == null && iflow == null) {
                error(o.line(), o.path(), "an override needs a tenant, an iflow or both");
            }
            Boolean enabled = o.has("enabled") ? o.bool("enabled", true) : null;
            Double threshold = allowed.contains("threshold") && o.has("threshold") ? o.decimal("threshold", 0, 0, 1) : null;
            Integer minMessages = allowed.contains("minMessages") && o.has("minMessages")
                    ? o.integer("minMessages", 1, 1, 1_000_000) : null;
            Double ratio = allowed.contains("ratio") && o.has("ratio") ? o.decimal("ratio", 0, 0, 1) : null;
            Duration after = allowed.contains("after") && o.has("after") ? o.duration("after", null, true) : null;
            o.done();
            out.add(new CpimonConfig.RuleOverride(tenant, iflow, enabled, threshold, minMessages, ratio, after));
        }
        return List.copyOf(out);
    }

    private List<LabelMatcher> matchers(Obj o, String key) {
        List<Item> items = o.items(key);
        if (items == null) {
            error(o.line(), o.field(key), "missing required field");
            return List.of();
        }
        List<LabelMatcher> out = new ArrayList<>();
        for (Item item : items) {
            Text t = text(item.node(), item.path());
            if (t == null) {
                continue;
            }
            try {
                out.add(LabelMatcher.parse(t.value()));
            } catch (IllegalArgumentException e) {
                error(item.node().line(), item.path(), e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    private String regex(Obj o, String key, String fallback) {
        Text t = o.text(key, false);
        if (t == null) {
            return fallback;
        }
        try {
            Pattern.compile(t.value());
            return t.value();
        } catch (java.util.regex.PatternSyntaxException e) {
            error(t.line(), o.field(key), "invalid regular expression " + t.shown() + ": " + e.getDescription());
            return fallback;
        }
    }

    // ================================================================ channels and routes

    private CpimonConfig.ChannelConfig channel(Obj c, Set<String> names) {
        Text nameText = c.text("name", true);
        String name = nameText == null ? null : nameText.value();
        if (nameText != null) {
            if (!CHANNEL_NAME.matcher(name).matches()) {
                error(nameText.line(), c.field("name"), "invalid channel name " + nameText.shown()
                        + " (use 1 to 63 letters, digits, '.', '_' and '-', starting with a letter or digit)");
            } else if (!names.add(name)) {
                error(nameText.line(), c.field("name"), "duplicate channel name '" + name + "'");
            }
        }
        String type = c.choice("type", ConfigDefaults.CHANNEL_TYPES, null, true);
        if (type == null) {
            return null; // the other keys depend on the type: nothing more to say about them
        }
        CpimonConfig.ChannelConfig channel = switch (type) {
            case "teams" -> new CpimonConfig.TeamsChannel(name, c.secretUrl("url"),
                    c.choice("format", Map.of(
                            "adaptive", CpimonConfig.TeamsFormat.ADAPTIVE,
                            "messagecard", CpimonConfig.TeamsFormat.MESSAGECARD), ConfigDefaults.TEAMS_FORMAT, false));
            case "webhook" -> {
                Secret url = c.secretUrl("url");
                Obj auth = c.optional("auth");
                yield new CpimonConfig.WebhookChannel(name, url, auth == null ? null : basic(auth));
            }
            case "email" -> {
                Obj s = c.required("smtp");
                CpimonConfig.SmtpConfig smtp = null;
                if (s != null) {
                    smtp = new CpimonConfig.SmtpConfig(s.requiredString("host"), s.integer("port", ConfigDefaults.SMTP_PORT, 1, 65535),
                            s.bool("starttls", true), s.string("user", null), s.secret("password", false));
                    s.done();
                }
                Text from = c.text("from", true);
                if (from != null) {
                    checkEmail(from, c.field("from"));
                }
                List<String> to = new ArrayList<>();
                List<Item> toItems = c.items("to");
                if (toItems == null || toItems.isEmpty()) {
                    error(c.line("to"), c.field("to"), toItems == null ? "missing required field" : "must list at least one address");
                } else {
                    for (Item item : toItems) {
                        Text address = text(item.node(), item.path());
                        if (address != null && checkEmail(address, item.path())) {
                            to.add(address.value());
                        }
                    }
                }
                yield new CpimonConfig.EmailChannel(name, smtp, from == null ? null : from.value(), List.copyOf(to));
            }
            case "servicenow" -> new CpimonConfig.ServiceNowChannel(name, c.url("url", true), c.requiredString("user"),
                    c.secret("password", true), c.string("assignmentGroup", null),
                    c.choice("mode", Map.of("table", CpimonConfig.ServiceNowMode.TABLE, "event", CpimonConfig.ServiceNowMode.EVENT),
                            CpimonConfig.ServiceNowMode.TABLE, false),
                    c.string("closeCode", ConfigDefaults.SERVICENOW_CLOSE_CODE),
                    c.string("closeNotes", ConfigDefaults.SERVICENOW_CLOSE_NOTES));
            case "alertmanager" -> {
                URI url = c.url("url", true);
                Obj auth = c.optional("auth");
                yield new CpimonConfig.AlertmanagerChannel(name, url, auth == null ? null : basic(auth));
            }
            case "azure-monitor" -> {
                URI endpoint = c.url("endpoint", true);
                String ruleId = c.requiredString("ruleId");
                String stream = c.requiredString("stream");
                Obj k = c.required("credential");
                CpimonConfig.AzureCredential credential = null;
                if (k != null) {
                    credential = new CpimonConfig.AzureCredential(k.requiredString("tenantId"), k.requiredString("clientId"),
                            k.secret("clientSecret", true), k.url("authorityHost", false));
                    k.done();
                }
                yield new CpimonConfig.AzureMonitorChannel(name, endpoint, ruleId, stream, credential);
            }
            default -> throw new IllegalStateException(type);
        };
        c.done();
        return channel;
    }

    private boolean checkEmail(Text address, String field) {
        if (!address.value().matches("[^@\\s]+@[^@\\s]+")) {
            error(address.line(), field, address.shown() + " is not an email address");
            return false;
        }
        return true;
    }

    private CpimonConfig.RouteConfig route(Obj r, Set<String> channelNames) {
        Map<String, String> match = r.stringMap("match");
        List<String> channels = new ArrayList<>();
        List<Item> items = r.items("channels");
        if (items == null || items.isEmpty()) {
            error(r.line("channels"), r.field("channels"),
                    items == null ? "missing required field" : "must list at least one channel");
        } else {
            for (Item item : items) {
                Text ref = text(item.node(), item.path());
                if (ref == null) {
                    continue;
                }
                if (!channelNames.contains(ref.value())) {
                    error(ref.line(), item.path(), "unknown channel " + ref.shown() + listOf(" (channels: ", channelNames, ")"));
                }
                channels.add(ref.value());
            }
        }
        List<String> groupBy = r.strings("groupBy", ConfigDefaults.GROUP_BY);
        Duration groupWait = r.duration("groupWait", ConfigDefaults.GROUP_WAIT, false);
        Duration groupInterval = r.duration("groupInterval", ConfigDefaults.GROUP_INTERVAL, true);
        Duration repeatInterval = r.duration("repeatInterval", ConfigDefaults.REPEAT_INTERVAL, true);
        boolean continueMatching = r.bool("continue", false);
        List<String> firstAtOnce = r.strings("firstAtOnce", ConfigDefaults.FIRST_AT_ONCE);
        Text fallbackText = r.text("fallback", false);
        String fallback = null;
        if (fallbackText != null) {
            fallback = fallbackText.value();
            if (!channelNames.contains(fallback)) {
                error(fallbackText.line(), r.field("fallback"), "unknown channel " + fallbackText.shown()
                        + listOf(" (channels: ", channelNames, ")"));
            }
        }
        r.done();
        return new CpimonConfig.RouteConfig(match, List.copyOf(channels), groupBy, groupWait, groupInterval,
                repeatInterval, continueMatching, firstAtOnce, fallback);
    }

    // ================================================================ checks shared by sections

    private boolean checkId(Text id, String field, String what) {
        if (!ID.matcher(id.value()).matches()) {
            error(id.line(), field, "invalid " + what + " id " + id.shown() + " (" + ID_RULE + ")");
            return false;
        }
        return true;
    }

    /** Records the name with its line; reports it when seen before. */
    private void unique(Map<String, Integer> seen, Text name, String field, String what) {
        Integer first = seen.putIfAbsent(name.value(), name.line());
        if (first != null) {
            error(name.line(), field, "duplicate " + what + " '" + name.value() + "' (first at line " + first + ")");
        }
    }

    private static String listOf(String prefix, Collection<String> names, String suffix) {
        return names.isEmpty() ? " (none are defined)" : prefix + String.join(", ", names) + suffix;
    }

    // ================================================================ scalars

    /**
     * A scalar as text, after resolving a {@code ${env:…}} or {@code ${file:…}} reference.
     *
     * @param origin {@code env:NAME} or {@code file:PATH} when read through a reference, else null
     */
    record Text(String value, String origin, int line) {
        /** How an error may show the value: quoted when written in the file, by its reference otherwise. */
        String shown() {
            return origin == null ? "'" + value + "'" : "(the value of ${" + origin + "})";
        }
    }

    /** @return null (after adding an error) when the node is not a scalar or its reference cannot be resolved */
    Text text(Node node, String field) {
        if (!(node instanceof ScalarNode s) || s.kind() == Kind.NULL) {
            error(node.line(), field, "expected a string, got " + describe(node));
            return null;
        }
        if (s.kind() != Kind.STRING) {
            return new Text(s.text(), null, s.line());
        }
        Matcher m = REFERENCE.matcher(s.text());
        if (!m.matches()) {
            if (s.text().contains("${env:") || s.text().contains("${file:")) {
                error(s.line(), field, "a ${env:NAME} or ${file:PATH} reference must be the whole value");
                return null;
            }
            return new Text(s.text(), null, s.line());
        }
        String kind = m.group(1);
        String ref = m.group(2).strip();
        if (ref.isEmpty()) {
            error(s.line(), field, "${" + kind + ":} needs a " + (kind.equals("env") ? "variable name" : "path"));
            return null;
        }
        if (kind.equals("env")) {
            String value = env.apply(ref);
            if (value == null) {
                error(s.line(), field, "environment variable " + ref + " is not set");
                return null;
            }
            return new Text(value, "env:" + ref, s.line());
        }
        Path path = baseDir == null ? Path.of(ref) : baseDir.resolve(ref);
        try {
            String value = Files.readString(path);
            if (value.endsWith("\r\n")) {
                value = value.substring(0, value.length() - 2);
            } else if (value.endsWith("\n")) {
                value = value.substring(0, value.length() - 1);
            }
            return new Text(value, "file:" + ref, s.line());
        } catch (IOException | RuntimeException e) {
            error(s.line(), field, "cannot read file " + path + " (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    private Integer integer(Node node, String field, int min, int max) {
        Integer value = null;
        if (node instanceof ScalarNode s && s.kind() == Kind.INTEGER) {
            value = s.number() instanceof Integer i ? i : null; // Long or BigInteger: out of range
            if (value == null) {
                error(node.line(), field, "must be between " + min + " and " + max + " (got " + s.text() + ")");
                return null;
            }
        } else if (node instanceof ScalarNode s && s.kind() == Kind.STRING && REFERENCE.matcher(s.text()).matches()) {
            Text t = text(node, field);
            if (t == null) {
                return null;
            }
            value = parseInt(t.value().strip());
            if (value == null) {
                error(node.line(), field, "expected an integer, got " + t.shown());
                return null;
            }
        } else {
            error(node.line(), field, "expected an integer, got " + describe(node));
            return null;
        }
        if (value < min || value > max) {
            error(node.line(), field, "must be between " + min + " and " + max + " (got " + value + ")");
            return null;
        }
        return value;
    }

    private static Integer parseInt(String text) {
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Duration duration(Node node, String field, boolean positive) {
        if (node instanceof ScalarNode s && (s.kind() == Kind.INTEGER || s.kind() == Kind.FLOAT)) {
            error(node.line(), field, "invalid duration '" + s.text() + "': a number needs a unit (use a unit: "
                    + s.text() + "s)");
            return null;
        }
        Text t = text(node, field);
        if (t == null) {
            return null;
        }
        Duration d;
        try {
            d = Durations.parse(t.value().strip());
        } catch (IllegalArgumentException e) {
            error(node.line(), field, "invalid duration " + t.shown() + ": " + e.getMessage());
            return null;
        }
        if (positive && d.isZero()) {
            error(node.line(), field, "must be longer than 0s");
            return null;
        }
        return d;
    }

    private Boolean bool(Node node, String field) {
        if (node instanceof ScalarNode s && s.kind() == Kind.BOOLEAN) {
            // YAML 1.1 also reads yes/no/on/off as booleans
            return Set.of("true", "yes", "on", "y").contains(s.text().toLowerCase(Locale.ROOT));
        }
        if (node instanceof ScalarNode s && s.kind() == Kind.STRING && REFERENCE.matcher(s.text()).matches()) {
            Text t = text(node, field);
            if (t == null) {
                return null;
            }
            if (t.value().strip().equals("true") || t.value().strip().equals("false")) {
                return Boolean.valueOf(t.value().strip());
            }
            error(node.line(), field, "expected true or false, got " + t.shown());
            return null;
        }
        error(node.line(), field, "expected true or false, got " + describe(node));
        return null;
    }

    /** @return why the text is not an absolute http(s) URL, or null when it is one */
    private static String urlProblem(String text) {
        try {
            URI uri = new URI(text.strip());
            if (!uri.isAbsolute() || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null) {
                return "is not an absolute http or https URL";
            }
            return null;
        } catch (URISyntaxException e) {
            return "is not a valid URL (" + e.getReason() + ")";
        }
    }

    private static String describe(Node node) {
        return switch (node) {
            case MapNode m -> "a map";
            case ListNode l -> "a list";
            case ScalarNode s -> switch (s.kind()) {
                case NULL -> "nothing";
                case STRING -> "'" + s.text() + "'";
                default -> s.text();
            };
        };
    }

    private void error(int line, String field, String message) {
        errors.add(new ConfigError(file, line, field, message));
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    // ================================================================ maps

    /** One element of a YAML list, with its path such as {@code tenants[2]}. */
    record Item(Node node, String path) {}

    /**
     * A YAML map being bound. Every key read counts as known; {@link #done()} reports the others as
     * unknown, suggesting the closest known key.
     */
    final class Obj {
        private final MapNode node;
        private final String path;
        private final Set<String> known = new LinkedHashSet<>();

        Obj(MapNode node, String path) {
            this.node = node;
            this.path = path;
        }

        String path() {
            return path;
        }

        int line() {
            return node.line();
        }

        String field(String key) {
            return join(path, key);
        }

        /** The line of the key's value, or of this map when the key is absent. */
        int line(String key) {
            Entry e = node.entries().get(key);
            return e == null ? node.line() : e.value().line();
        }

        /** The value, or null when absent or written as null/empty. */
        private Node get(String key) {
            known.add(key);
            Entry e = node.entries().get(key);
            if (e == null || (e.value() instanceof ScalarNode s && s.kind() == Kind.NULL)) {
                return null;
            }
            return e.value();
        }

        private void missing(String key) {
            Entry e = node.entries().get(key);
            if (e != null) {
                error(e.line(), field(key), "needs a value");
            } else {
                error(node.line(), field(key), "missing required field");
            }
        }

        Text text(String key, boolean required) {
            Node n = get(key);
            if (n == null) {
                if (required) {
                    missing(key);
                }
                return null;
            }
            Text t = Binder.this.text(n, field(key));
            if (t != null && required && t.value().isBlank()) {
                error(n.line(), field(key), "must not be empty");
                return null;
            }
            return t;
        }

        String string(String key, String fallback) {
            Text t = text(key, false);
            return t == null ? fallback : t.value();
        }

        String requiredString(String key) {
            Text t = text(key, true);
            return t == null ? null : t.value();
        }

        /** A secret: a reference or an inline value; errors never show it. */
        Secret secret(String key, boolean required) {
            Text t = text(key, required);
            return t == null ? null : Secret.of(t.value(), t.origin() == null ? "inline" : t.origin());
        }

        /** A secret that must be an http(s) URL, such as a Teams webhook URL with its signature. */
        Secret secretUrl(String key) {
            Text t = text(key, true);
            if (t == null) {
                return null;
            }
            String problem = urlProblem(t.value());
            if (problem != null) {
                error(t.line(), field(key), problem.startsWith("is not a valid URL")
                        ? "is not a valid URL (not shown: the value is a secret)"
                        : problem + " (not shown: the value is a secret)");
            }
            return Secret.of(t.value(), t.origin() == null ? "inline" : t.origin());
        }

        URI url(String key, boolean required) {
            Text t = text(key, required);
            if (t == null) {
                return null;
            }
            String problem = urlProblem(t.value());
            if (problem != null) {
                error(t.line(), field(key), t.shown() + " " + problem);
                return null;
            }
            return URI.create(t.value().strip());
        }

        int integer(String key, int fallback, int min, int max) {
            Node n = get(key);
            Integer value = n == null ? null : Binder.this.integer(n, field(key), min, max);
            return value == null ? fallback : value;
        }

        boolean bool(String key, boolean fallback) {
            Node n = get(key);
            Boolean value = n == null ? null : Binder.this.bool(n, field(key));
            return value == null ? fallback : value;
        }

        /** Whether the key is present with a non-null value (marks it known). */
        boolean has(String key) {
            return get(key) != null;
        }

        /** A number (integer or decimal) between min and max. */
        double decimal(String key, double fallback, double min, double max) {
            Node n = get(key);
            if (n == null) {
                return fallback;
            }
            if (n instanceof ScalarNode s && (s.kind() == Kind.INTEGER || s.kind() == Kind.FLOAT) && s.number() != null) {
                double v = s.number().doubleValue();
                if (v < min || v > max || Double.isNaN(v)) {
                    error(n.line(), field(key), "must be between " + min + " and " + max + " (got " + s.text() + ")");
                    return fallback;
                }
                return v;
            }
            error(n.line(), field(key), "expected a number, got " + describe(n));
            return fallback;
        }

        /** @param positive whether 0s is an error */
        Duration duration(String key, Duration fallback, boolean positive) {
            Node n = get(key);
            Duration value = n == null ? null : Binder.this.duration(n, field(key), positive);
            return value == null ? fallback : value;
        }

        /** One of the allowed spellings (keys of {@code allowed}, listed in the error in sorted order). */
        <T> T choice(String key, Map<String, T> allowed, T fallback, boolean required) {
            Text t = text(key, required);
            if (t == null) {
                return fallback;
            }
            String v = t.value().strip();
            T value = allowed.get(v);
            if (value == null && allowed.containsKey(v.toUpperCase(Locale.ROOT))) {
                value = allowed.get(v.toUpperCase(Locale.ROOT)); // HTTP methods: head is HEAD
            }
            if (value == null) {
                error(t.line(), field(key), "invalid value " + t.shown() + " (allowed: "
                        + String.join(", ", allowed.keySet().stream().sorted().toList()) + ")");
                return fallback;
            }
            return value;
        }

        /** The map under key; an empty map when absent (so that its defaults apply). */
        Obj section(String key) {
            Node n = get(key);
            if (n == null) {
                return new Obj(new MapNode(node.line(), Map.of()), field(key));
            }
            if (n instanceof MapNode m) {
                return new Obj(m, field(key));
            }
            error(n.line(), field(key), "expected a map, got " + describe(n));
            return new Obj(new MapNode(n.line(), Map.of()), field(key));
        }

        /** The map under key, or null when absent or not a map (an error then). */
        Obj optional(String key) {
            Node n = get(key);
            if (n == null) {
                return null;
            }
            if (n instanceof MapNode m) {
                return new Obj(m, field(key));
            }
            error(n.line(), field(key), "expected a map, got " + describe(n));
            return null;
        }

        /** The map under key, or null when absent (an error) or not a map (an error). */
        Obj required(String key) {
            Obj o = optional(key);
            if (o == null && get(key) == null) {
                missing(key);
            }
            return o;
        }

        /** The list under key, or null when absent or not a list (an error then). */
        List<Item> items(String key) {
            Node n = get(key);
            if (n == null) {
                return null;
            }
            if (!(n instanceof ListNode l)) {
                error(n.line(), field(key), "expected a list, got " + describe(n));
                return null;
            }
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < l.items().size(); i++) {
                items.add(new Item(l.items().get(i), field(key) + "[" + i + "]"));
            }
            return items;
        }

        /** The maps of a list of maps; empty when absent. */
        List<Obj> objects(String key) {
            List<Item> items = items(key);
            List<Obj> objects = new ArrayList<>();
            for (Item item : items == null ? List.<Item>of() : items) {
                if (item.node() instanceof MapNode m) {
                    objects.add(new Obj(m, item.path()));
                } else {
                    error(item.node().line(), item.path(), "expected a map, got " + describe(item.node()));
                }
            }
            return objects;
        }

        List<String> strings(String key, List<String> fallback) {
            List<Item> items = items(key);
            if (items == null) {
                return fallback;
            }
            List<String> values = new ArrayList<>();
            for (Item item : items) {
                Text t = Binder.this.text(item.node(), item.path());
                if (t != null) {
                    values.add(t.value());
                }
            }
            return List.copyOf(values);
        }

        /** A map of strings to strings (labels, matchers), in file order; empty when absent. */
        Map<String, String> stringMap(String key) {
            Obj m = optional(key);
            if (m == null) {
                return Map.of();
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (Entry e : m.node.entries().values()) {
                Text t = Binder.this.text(e.value(), m.field(e.key()));
                if (t != null) {
                    values.put(e.key(), t.value());
                }
            }
            return Collections.unmodifiableMap(values);
        }

        /** Reports every key that was never read as unknown. */
        void done() {
            for (Entry e : node.entries().values()) {
                if (!known.contains(e.key())) {
                    error(e.line(), field(e.key()), "unknown key '" + e.key() + "'" + KeySuggestion.hint(e.key(), known));
                }
            }
        }
    }
}
