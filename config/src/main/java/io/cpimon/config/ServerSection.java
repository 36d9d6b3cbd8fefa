package io.cpimon.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code server} section: bind address, port, external URL, API tokens. Stateless. */
final class ServerSection {
    private ServerSection() {}

    static CpimonConfig.ServerConfig bind(ConfigMap s) {
        String host = s.string("host", ConfigDefaults.HOST);
        int port = s.integer("port", ConfigDefaults.PORT, 0, 65535);
        URI externalUrl = s.url("externalUrl", false);
        List<CpimonConfig.TokenConfig> tokens = new ArrayList<>();
        Map<String, Integer> names = new LinkedHashMap<>();
        for (ConfigMap t : s.objects("tokens")) {
            ConfigMap.Text name = t.text("name", true);
            if (name != null) {
                t.unique(names, name, "token name");
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
        return new CpimonConfig.ServerConfig(host, port, List.copyOf(tokens), externalUrl);
    }

    static void print(CpimonConfig.ServerConfig s, YamlWriter out) {
        out.line(0, "server:");
        out.line(1, "host: " + YamlWriter.str(s.host()));
        out.line(1, "port: " + s.port());
        out.line(1, "externalUrl: " + (s.externalUrl() == null ? "null  # from the bind address and port"
                : YamlWriter.str(s.externalUrl().toString())));
        if (s.tokens().isEmpty()) {
            out.line(1, "tokens: []");
            return;
        }
        out.line(1, "tokens:");
        for (var t : s.tokens()) {
            out.item(2, "name: " + YamlWriter.str(t.name()));
            out.line(3, "role: " + YamlWriter.lower(t.role()));
            out.line(3, "token: " + YamlWriter.secret(t.token()));
        }
    }
}
