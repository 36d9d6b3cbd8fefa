package io.cpimon.config;

import io.cpimon.config.AzureMonitorLogsForwarderConfig.Credential;
import io.cpimon.config.AzureMonitorLogsForwarderConfig.CredentialKind;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code forwarding} section: a list of MPL forwarders with unique names, each of type
 * {@code azure-monitor-logs} or {@code otlp}. Stateless.
 */
final class ForwardingSection {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    private static final Map<String, String> TYPES = Map.of("azure-monitor-logs", "azure-monitor-logs",
            "otlp", "otlp");
    private static final Set<String> STATUSES = Set.of("COMPLETED", "FAILED", "PROCESSING", "RETRY", "ESCALATED",
            "DISCARDED", "CANCELLED", "ABANDONED");

    private ForwardingSection() {}

    /**
     * The forwarders of the {@code forwarding} list; empty when absent.
     *
     * @param tenants the configured tenant ids: a {@code tenants} filter may name only these
     */
    static List<ForwarderConfig> bind(List<ConfigMap> forwarders, Set<String> tenants) {
        List<ForwarderConfig> out = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (ConfigMap f : forwarders) {
            ForwarderConfig config = forwarder(f, names, tenants);
            if (config != null) {
                out.add(config);
            }
        }
        return List.copyOf(out);
    }

    private static ForwarderConfig forwarder(ConfigMap f, Set<String> names, Set<String> tenantIds) {
        ConfigMap.Text nameText = f.text("name", true);
        String name = nameText == null ? null : nameText.value();
        if (nameText != null) {
            if (!NAME.matcher(name).matches()) {
                f.error(nameText, "invalid forwarder name " + nameText.shown()
                        + " (use 1 to 63 letters, digits, '.', '_' and '-', starting with a letter or digit)");
            } else if (!names.add(name)) {
                f.error(nameText, "duplicate forwarder name '" + name + "'");
            }
        }
        String type = f.choice("type", TYPES, null, true);
        if (type == null) {
            return null;
        }
        List<String> statuses = f.strings("statuses", List.of());
        for (String s : statuses) {
            if (!STATUSES.contains(s)) {
                f.error(f.line("statuses"), f.field("statuses"), "unknown status '" + s + "' (allowed: "
                        + String.join(", ", STATUSES.stream().sorted().toList()) + ")");
            }
        }
        List<String> tenants = f.strings("tenants", List.of());
        for (String t : tenants) {
            if (!tenantIds.contains(t)) {
                // a filter naming no configured tenant would forward nothing of it, silently
                f.error(f.line("tenants"), f.field("tenants"), "unknown tenant '" + t + "'"
                        + ConfigReader.listOf(" (tenants: ", tenantIds, ")"));
            }
        }
        int batchBytes = f.integer("batchBytes", ForwarderConfig.DEFAULT_BATCH_BYTES, 10_000,
                ForwarderConfig.DEFAULT_BATCH_BYTES);
        int maxRowsPerSecond = f.integer("maxRowsPerSecond", 0, 0, 10_000_000);
        var maxLag = f.duration("maxLag", ForwarderConfig.DEFAULT_MAX_LAG, true);
        ForwarderConfig config = switch (type) {
            case "azure-monitor-logs" -> new AzureMonitorLogsForwarderConfig(name, f.url("endpoint", true),
                    f.requiredString("ruleId"), f.requiredString("stream"), credential(f), statuses, tenants,
                    batchBytes, maxRowsPerSecond, maxLag);
            case "otlp" -> {
                Map<String, Secret> headers = new LinkedHashMap<>();
                f.stringMap("headers").forEach((k, v) -> headers.put(k, Secret.of(v, "headers")));
                yield new OtlpForwarderConfig(name, f.url("endpoint", true), Map.copyOf(headers), statuses, tenants,
                        batchBytes, maxRowsPerSecond, maxLag);
            }
            default -> throw new IllegalStateException(type);
        };
        f.done();
        return config;
    }

    private static Credential credential(ConfigMap f) {
        ConfigMap k = f.required("credential");
        if (k == null) {
            return null;
        }
        Credential credential;
        if (k.bool("managedIdentity", false)) {
            credential = new Credential(CredentialKind.MANAGED_IDENTITY, null, k.string("clientId", null), null, null);
        } else if (k.bool("workloadIdentity", false)) {
            credential = new Credential(CredentialKind.WORKLOAD_IDENTITY, k.string("tenantId", null),
                    k.string("clientId", null), null, k.url("authorityHost", false), tokenFile(k));
        } else {
            credential = new Credential(CredentialKind.CLIENT_SECRET, k.requiredString("tenantId"),
                    k.requiredString("clientId"), k.secret("clientSecret", true), k.url("authorityHost", false));
        }
        k.done();
        return credential;
    }

    /** {@code credential.tokenFile}: the federated token file of a workload identity, or null (the environment). */
    private static Path tokenFile(ConfigMap k) {
        String file = k.string("tokenFile", null);
        if (file == null) {
            return null;
        }
        try {
            if (!file.isBlank()) {
                return Path.of(file);
            }
        } catch (InvalidPathException e) {
            k.error(k.keyLine("tokenFile"), k.field("tokenFile"), "not a file path: " + e.getReason());
            return null;
        }
        k.error(k.keyLine("tokenFile"), k.field("tokenFile"), "must not be empty");
        return null;
    }

    static void print(List<ForwarderConfig> forwarders, YamlWriter out) {
        out.list(0, "forwarding", forwarders);
        for (ForwarderConfig f : forwarders) {
            out.item(1, "name: " + YamlWriter.str(f.name()));
            out.line(2, "type: " + f.type());
            switch (f) {
                case AzureMonitorLogsForwarderConfig a -> {
                    out.line(2, "endpoint: " + YamlWriter.str(a.endpoint().toString()));
                    out.line(2, "ruleId: " + YamlWriter.str(a.ruleId()));
                    out.line(2, "stream: " + YamlWriter.str(a.stream()));
                    printCredential(a.credential(), out);
                }
                case OtlpForwarderConfig o -> {
                    out.line(2, "endpoint: " + YamlWriter.str(o.endpoint().toString()));
                    if (!o.headers().isEmpty()) {
                        out.line(2, "headers:");
                        o.headers().forEach((k, v) -> out.line(3, YamlWriter.str(k) + ": " + YamlWriter.secret(v)));
                    }
                }
            }
            out.line(2, "statuses: " + YamlWriter.flow(f.statuses()));
            out.line(2, "tenants: " + YamlWriter.flow(f.tenants()));
            out.line(2, "batchBytes: " + f.batchBytes());
            out.line(2, "maxRowsPerSecond: " + f.maxRowsPerSecond());
            out.line(2, "maxLag: " + YamlWriter.dur(f.maxLag()));
        }
    }

    private static void printCredential(Credential c, YamlWriter out) {
        out.line(2, "credential:");
        switch (c.kind()) {
            case MANAGED_IDENTITY -> out.line(3, "managedIdentity: true");
            case WORKLOAD_IDENTITY -> out.line(3, "workloadIdentity: true");
            case CLIENT_SECRET -> {
                out.line(3, "tenantId: " + YamlWriter.str(c.tenantId()));
                out.line(3, "clientSecret: " + YamlWriter.secret(c.clientSecret()));
            }
        }
        if (c.kind() == CredentialKind.WORKLOAD_IDENTITY && c.tenantId() != null) {
            out.line(3, "tenantId: " + YamlWriter.str(c.tenantId()));
        }
        if (c.clientId() != null) {
            out.line(3, "clientId: " + YamlWriter.str(c.clientId()));
        }
        if (c.authorityHost() != null) {
            out.line(3, "authorityHost: " + YamlWriter.str(c.authorityHost().toString()));
        }
        if (c.tokenFile() != null) {
            out.line(3, "tokenFile: " + YamlWriter.str(c.tokenFile().toString()));
        }
    }
}
