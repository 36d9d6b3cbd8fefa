package io.cpimon.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code tenants} section: each tenant's API, runtime probe, MPL polling and labels. Stateless. */
final class TenantsSection {
    private TenantsSection() {}

    /** @param ids filled with every tenant id (valid or not) and its line */
    static List<CpimonConfig.TenantConfig> bind(List<ConfigMap> tenants, Map<String, Integer> ids) {
        List<CpimonConfig.TenantConfig> out = new ArrayList<>();
        for (ConfigMap t : tenants) {
            out.add(tenant(t, ids));
        }
        return List.copyOf(out);
    }

    private static CpimonConfig.TenantConfig tenant(ConfigMap t, Map<String, Integer> ids) {
        ConfigMap.Text idText = t.text("id", true);
        String id = idText == null ? null : idText.value();
        if (idText != null) {
            t.checkId(idText, "tenant");
            t.unique(ids, idText, "tenant id"); // even when invalid: pairs naming it get no second error
        }
        String name = t.string("name", id);
        CpimonConfig.ApiConfig api = api(t.required("api"), t.keyLine("api"));
        CpimonConfig.ProbeConfig probe = probe(t.required("probe"));
        CpimonConfig.PollConfig poll = poll(t.section("poll"));
        Map<String, String> labels = t.stringMap("labels");
        t.done();
        return new CpimonConfig.TenantConfig(id, name, api, probe, poll, labels);
    }

    /** @param line the line of {@code api:}, where a missing URL belongs (the map's own line is its first key's) */
    private static CpimonConfig.ApiConfig api(ConfigMap a, int line) {
        if (a == null) {
            return null;
        }
        URI url = null;
        if (a.absent("url")) {
            a.error(line, a.field("url"), "missing required field: the tenant's OData API base URL, e.g. url: "
                    + "https://<subdomain>.it-cpi018.cfapps.eu10-003.hana.ondemand.com/api/v1");
        } else {
            url = a.url("url", true);
        }
        CpimonConfig.AuthConfig auth = auth(a.required("auth"));
        Duration timeout = a.duration("timeout", ConfigDefaults.API_TIMEOUT, true);
        a.done();
        return new CpimonConfig.ApiConfig(url, auth, timeout);
    }

    private static CpimonConfig.AuthConfig auth(ConfigMap a) {
        if (a == null) {
            return null;
        }
        ConfigMap o = a.optional("oauth2");
        ConfigMap b = a.optional("basic");
        CpimonConfig.OAuth2Config oauth2 = null;
        if (o != null) {
            URI tokenUrl = o.url("tokenUrl", true);
            String clientId = o.requiredString("clientId");
            Secret clientSecret = o.secret("clientSecret", true);
            o.done();
            oauth2 = new CpimonConfig.OAuth2Config(tokenUrl, clientId, clientSecret);
        }
        CpimonConfig.BasicAuthConfig basic = b == null ? null : b.basicAuth();
        if (o == null && b == null) {
            a.error(a.line(), a.path(), "set exactly one of oauth2 and basic");
        } else if (o != null && b != null) {
            a.error(a.line(), a.path(), "set only one of oauth2 and basic, not both");
        }
        a.done();
        return new CpimonConfig.AuthConfig(oauth2, basic);
    }

    private static CpimonConfig.ProbeConfig probe(ConfigMap p) {
        if (p == null) {
            return null;
        }
        URI url = p.url("url", true);
        String method = p.choice("method", Map.of("HEAD", "HEAD", "GET", "GET"), ConfigDefaults.PROBE_METHOD,
                false);
        Duration interval = p.duration("interval", ConfigDefaults.PROBE_INTERVAL, true);
        Duration timeout = p.duration("timeout", ConfigDefaults.PROBE_TIMEOUT, true);
        Set<Integer> upStatus = statusCodes(p);
        ConfigMap authMap = p.optional("auth");
        CpimonConfig.BasicAuthConfig auth = authMap == null ? null : authMap.basicAuth();
        ConfigMap.Text bodyMatch = p.text("bodyMatch", false);
        if (bodyMatch != null && !"GET".equals(method)) {
            p.error(bodyMatch, "needs method: GET (a HEAD response has no body)");
        }
        p.done();
        return new CpimonConfig.ProbeConfig(url, method, interval, timeout, upStatus, auth,
                bodyMatch == null ? null : bodyMatch.value());
    }

    private static Set<Integer> statusCodes(ConfigMap p) {
        List<ConfigMap.Item> items = p.items("upStatus");
        if (items == null) {
            return ConfigDefaults.UP_STATUS;
        }
        Set<Integer> codes = new LinkedHashSet<>();
        for (ConfigMap.Item item : items) {
            Integer code = item.integer(100, 599);
            if (code != null) {
                codes.add(code);
            }
        }
        if (items.isEmpty()) {
            p.error(p.line("upStatus"), p.field("upStatus"), "must list at least one HTTP status code, e.g. [200]");
        }
        return Collections.unmodifiableSet(codes);
    }

    private static CpimonConfig.PollConfig poll(ConfigMap p) {
        Duration interval = p.duration("interval", ConfigDefaults.POLL_INTERVAL, true);
        Duration overlap = p.duration("overlap", ConfigDefaults.POLL_OVERLAP, false);
        int pageSize = p.integer("pageSize", ConfigDefaults.PAGE_SIZE, 1, 1000);
        Duration initialLookback = p.duration("initialLookback", ConfigDefaults.INITIAL_LOOKBACK, false);
        p.done();
        return new CpimonConfig.PollConfig(interval, overlap, pageSize, initialLookback);
    }

    static void print(List<CpimonConfig.TenantConfig> tenants, YamlWriter out) {
        out.list(0, "tenants", tenants);
        for (var t : tenants) {
            out.item(1, "id: " + YamlWriter.str(t.id()));
            out.line(2, "name: " + YamlWriter.str(t.name()));
            printApi(t.api(), out);
            printProbe(t.probe(), out);
            var q = t.poll();
            out.line(2, "poll:");
            out.line(3, "interval: " + YamlWriter.dur(q.interval()));
            out.line(3, "overlap: " + YamlWriter.dur(q.overlap()));
            out.line(3, "pageSize: " + q.pageSize());
            out.line(3, "initialLookback: " + YamlWriter.dur(q.initialLookback()));
            out.map(2, "labels", t.labels());
        }
    }

    private static void printApi(CpimonConfig.ApiConfig api, YamlWriter out) {
        out.line(2, "api:");
        out.line(3, "url: " + YamlWriter.str(api.url().toString()));
        out.line(3, "timeout: " + YamlWriter.dur(api.timeout()));
        out.line(3, "auth:");
        var o = api.auth().oauth2();
        if (o != null) {
            out.line(4, "oauth2:");
            out.line(5, "tokenUrl: " + YamlWriter.str(o.tokenUrl().toString()));
            out.line(5, "clientId: " + YamlWriter.str(o.clientId()));
            out.line(5, "clientSecret: " + YamlWriter.secret(o.clientSecret()));
        }
        if (api.auth().basic() != null) {
            out.line(4, "basic:");
            out.basicAuth(5, api.auth().basic());
        }
    }

    private static void printProbe(CpimonConfig.ProbeConfig p, YamlWriter out) {
        out.line(2, "probe:");
        out.line(3, "url: " + YamlWriter.str(p.url().toString()));
        out.line(3, "method: " + p.method());
        out.line(3, "interval: " + YamlWriter.dur(p.interval()));
        out.line(3, "timeout: " + YamlWriter.dur(p.timeout()));
        out.line(3, "upStatus: " + YamlWriter.flow(p.upStatus()));
        if (p.auth() != null) {
            out.line(3, "auth:");
            out.basicAuth(4, p.auth());
        }
        if (p.bodyMatch() != null) {
            out.line(3, "bodyMatch: " + YamlWriter.str(p.bodyMatch()));
        }
    }
}
