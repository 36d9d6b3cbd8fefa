package io.cpimon.alerting.channels;

import io.cpimon.config.ChannelConfig;
import io.cpimon.config.ConfigMap;
import io.cpimon.config.YamlWriter;
import java.net.URI;

/** An {@code azure-monitor} channel: a data collection endpoint, rule and stream of the Logs Ingestion API. */
public record AzureMonitorChannelConfig(
        String name, URI endpoint, String ruleId, String stream, AzureCredentialConfig credential)
        implements ChannelConfig {
    public static final String TYPE = "azure-monitor";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String target() {
        return ChannelConfig.withoutCredentials(endpoint) + " rule " + ruleId + " stream " + stream;
    }

    @Override
    public void print(YamlWriter out, int depth) {
        out.line(depth, "endpoint: " + YamlWriter.str(endpoint.toString()));
        out.line(depth, "ruleId: " + YamlWriter.str(ruleId));
        out.line(depth, "stream: " + YamlWriter.str(stream));
        out.line(depth, "credential:");
        out.line(depth + 1, "tenantId: " + YamlWriter.str(credential.tenantId()));
        out.line(depth + 1, "clientId: " + YamlWriter.str(credential.clientId()));
        out.line(depth + 1, "clientSecret: " + YamlWriter.secret(credential.clientSecret()));
        out.line(depth + 1, "authorityHost: " + (credential.authorityHost() == null
                ? "null" : YamlWriter.str(credential.authorityHost().toString())));
    }

    static AzureMonitorChannelConfig bind(String name, ConfigMap c) {
        URI endpoint = c.url("endpoint", true);
        String ruleId = c.requiredString("ruleId");
        String stream = c.requiredString("stream");
        ConfigMap k = c.required("credential");
        AzureCredentialConfig credential = null;
        if (k != null) {
            credential = new AzureCredentialConfig(k.requiredString("tenantId"), k.requiredString("clientId"),
                    k.secret("clientSecret", true), k.url("authorityHost", false));
            k.done();
        }
        return new AzureMonitorChannelConfig(name, endpoint, ruleId, stream, credential);
    }
}
