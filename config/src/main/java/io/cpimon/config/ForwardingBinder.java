package io.cpimon.config;

import io.cpimon.config.AzureMonitorLogsForwarderConfig.Credential;
import io.cpimon.config.AzureMonitorLogsForwarderConfig.CredentialKind;
import io.cpimon.config.Binder.Obj;
import io.cpimon.config.Binder.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binds the {@code forwarding:} list of the configuration to {@link ForwarderConfig}s, reporting problems through
 * the {@link Binder}'s error list. Used by one binding on one thread.
 */
final class ForwardingBinder {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    private static final Map<String, String> TYPES = Map.of("azure-monitor-logs", "azure-monitor-logs",
            "otlp", "otlp");
    private static final Set<String> STATUSES = Set.of("COMPLETED", "FAILED", "PROCESSING", "RETRY", "ESCALATED",
            "DISCARDED", "CANCELLED", "ABANDONED");

    /** Where a problem is reported: the binder's own error method. */
    @FunctionalInterface
    interface Errors {
        void error(int line, String field, String message);
    }

    private final Errors errors;

    ForwardingBinder(Errors errors) {
        this.errors = errors;
    }

    /** The forwarders under {@code forwarding} of {@code top}; empty when absent. */
    List<ForwarderConfig> bind(Obj top) {
        List<ForwarderConfig> out = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (Obj f : top.objects("forwarding")) {
            ForwarderConfig config = forwarder(f, names);
            if (config != null) {
                out.add(config);
            }
        }
        return List.copyOf(out);
    }

    private ForwarderConfig forwarder(Obj f, Set<String> names) {
        Text nameText = f.text("name", true);
        String name = nameText == null ? null : nameText.value();
        if (nameText != null) {
            if (!NAME.matcher(name).matches()) {
                errors.error(nameText.line(), f.field("name"), "invalid forwarder name " + nameText.shown()
                        + " (use 1 to 63 letters, digits, '.', '_' and '-', starting with a letter or digit)");
            } else if (!names.add(name)) {
                errors.error(nameText.line(), f.field("name"), "duplicate forwarder name '" + name + "'");
            }
        }
        String type = f.choice("type", TYPES, null, true);
        if (type == null) {
            return null;
        }
        List<String> statuses = f.strings("statuses", List.of());
        for (String s : statuses) {
            if (!STATUSES.contains(s)) {
                errors.error(f.line("statuses"), f.field("statuses"), "unknown status '" + s + "' (allowed: "
                        + String.join(", ", STATUSES.stream().sorted().toList()) + ")");
            }
        }
        List<String> tenants = f.strings("tenants", List.of());
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

    private Credential credential(Obj f) {
        Obj k = f.required("credential");
        if (k == null) {
            return null;
        }
        Credential credential;
        if (k.bool("managedIdentity", false)) {
            credential = new Credential(CredentialKind.MANAGED_IDENTITY, null, k.string("clientId", null), null, null);
        } else if (k.bool("workloadIdentity", false)) {
            credential = new Credential(CredentialKind.WORKLOAD_IDENTITY, k.string("tenantId", null),
                    k.string("clientId", null), null, k.url("authorityHost", false));
        } else {
            credential = new Credential(CredentialKind.CLIENT_SECRET, k.requiredString("tenantId"),
                    k.requiredString("clientId"), k.secret("clientSecret", true), k.url("authorityHost", false));
        }
        k.done();
        return credential;
    }
}
