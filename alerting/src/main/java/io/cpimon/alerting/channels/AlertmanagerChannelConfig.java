package io.cpimon.alerting.channels;

import io.cpimon.config.ChannelConfig;
import io.cpimon.config.ConfigMap;
import io.cpimon.config.CpimonConfig.BasicAuthConfig;
import io.cpimon.config.YamlWriter;
import java.net.URI;

/**
 * An {@code alertmanager} channel: pushes alerts into a Prometheus Alertmanager (API v2 {@code POST /api/v2/alerts}).
 *
 * @param auth nullable
 */
public record AlertmanagerChannelConfig(String name, URI url, BasicAuthConfig auth) implements ChannelConfig {
    public static final String TYPE = "alertmanager";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String target() {
        return ChannelConfig.withoutCredentials(url) + "/api/v2/alerts";
    }

    @Override
    public void print(YamlWriter out, int depth) {
        out.line(depth, "url: " + YamlWriter.str(url.toString()));
        if (auth != null) {
            out.line(depth, "auth:");
            out.basicAuth(depth + 1, auth);
        }
    }

    static AlertmanagerChannelConfig bind(String name, ConfigMap c) {
        URI url = c.url("url", true);
        ConfigMap auth = c.optional("auth");
        return new AlertmanagerChannelConfig(name, url, auth == null ? null : auth.basicAuth());
    }
}
