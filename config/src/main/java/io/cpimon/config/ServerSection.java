package io.cpimon.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The {@code server} section: bind address, port, external URL, API tokens, instance id and lease TTL. Stateless. */
final class ServerSection {
    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9._@:-]{1,100}");

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
        CpimonConfig.TlsConfig tls = tls(s.optional("tls"));
        ConfigMap.Text instance = s.text("instanceId", false);
        if (instance != null && !INSTANCE_ID.matcher(instance.value()).matches()) {
            s.error(instance, "must be 1 to 100 letters, digits, '.', '_', '-', '@' or ':'");
        }
        Duration leaseTtl = s.duration("leaseTtl", ConfigDefaults.LEASE_TTL, true);
        s.done();
        return new CpimonConfig.ServerConfig(host, port, List.copyOf(tokens), externalUrl, tls,
                instance == null ? null : instance.value(), leaseTtl);
    }

    /** {@code server.tls}: either {@code certificate} and {@code key} or {@code keystore} and {@code password}. */
    private static CpimonConfig.TlsConfig tls(ConfigMap t) {
        if (t == null) {
            return null;
        }
        Path certificate = file(t, "certificate");
        Path key = file(t, "key");
        Path keystore = file(t, "keystore");
        boolean hasPassword = t.has("password");
        Secret password = t.secret("password", false);
        t.done();
        boolean pem = t.has("certificate") || t.has("key");
        boolean pkcs12 = t.has("keystore") || hasPassword;
        if (pem == pkcs12 || pem && (!t.has("certificate") || !t.has("key"))
                || pkcs12 && (!t.has("keystore") || !hasPassword)) {
            t.error(t.line(), t.path(), "give either certificate and key (PEM files) or keystore and password"
                    + " (a PKCS#12 file)");
        }
        return new CpimonConfig.TlsConfig(certificate, key, keystore, password);
    }

    /** An absolute path to a readable file, or null (an error when it is not one). */
    private static Path file(ConfigMap t, String key) {
        ConfigMap.Text text = t.text(key, false);
        if (text == null) {
            return null;
        }
        Path path = Path.of(text.value());
        if (!path.isAbsolute()) {
            t.error(text, "must be an absolute path");
        } else if (!Files.isReadable(path) || Files.isDirectory(path)) {
            t.error(text, "is not a readable file");
        }
        return path;
    }

    static void print(CpimonConfig.ServerConfig s, YamlWriter out) {
        out.line(0, "server:");
        out.line(1, "host: " + YamlWriter.str(s.host()));
        out.line(1, "port: " + s.port());
        out.line(1, "externalUrl: " + (s.externalUrl() == null ? "null  # from the bind address and port"
                : YamlWriter.str(s.externalUrl().toString())));
        out.line(1, "instanceId: " + (s.instanceId() == null ? "null  # host name and process id"
                : YamlWriter.str(s.instanceId())));
        out.line(1, "leaseTtl: " + Durations.format(s.leaseTtl()));
        if (s.tls() != null) {
            out.line(1, "tls:");
            if (s.tls().pem()) {
                out.line(2, "certificate: " + YamlWriter.str(s.tls().certificate().toString()));
                out.line(2, "key: " + YamlWriter.str(s.tls().key().toString()));
            } else {
                out.line(2, "keystore: " + YamlWriter.str(s.tls().keystore().toString()));
                out.line(2, "password: " + YamlWriter.secret(s.tls().password()));
            }
        }
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
