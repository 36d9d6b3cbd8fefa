package io.cpimon.bench;

import io.cpimon.config.ConfigDefaults;
import io.cpimon.config.CpimonConfig;
import io.cpimon.config.CpimonConfig.ApiConfig;
import io.cpimon.config.CpimonConfig.AuthConfig;
import io.cpimon.config.CpimonConfig.DatabaseConfig;
import io.cpimon.config.CpimonConfig.OAuth2Config;
import io.cpimon.config.CpimonConfig.PollConfig;
import io.cpimon.config.CpimonConfig.ProbeConfig;
import io.cpimon.config.CpimonConfig.RetentionConfig;
import io.cpimon.config.CpimonConfig.ServerConfig;
import io.cpimon.config.CpimonConfig.TenantConfig;
import io.cpimon.config.Secret;
import io.cpimon.simulator.tenant.SimulatedTenant;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Shared by the benchmarks: options, configuration pointing at simulated tenants, temporary directories. */
final class BenchSupport {
    private BenchSupport() {}

    /** {@code --name value} from the arguments, else the default. */
    static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--" + name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    static int intOption(String[] args, String name, int fallback) {
        return Integer.parseInt(option(args, name, Integer.toString(fallback)).replace("_", ""));
    }

    static TenantConfig tenant(SimulatedTenant t, PollConfig poll, Duration probeInterval) {
        AuthConfig auth = new AuthConfig(new OAuth2Config(URI.create(t.tokenUrl()), t.clientId(), Secret.of(t.clientSecret())), null);
        return new TenantConfig(t.id(), t.id(), new ApiConfig(URI.create(t.apiUrl()), auth, Duration.ofSeconds(30)),
                new ProbeConfig(URI.create(t.runtimeUrl()), "HEAD", probeInterval, Duration.ofSeconds(5), Set.of(200, 401), null, null),
                poll, Map.of());
    }

    static CpimonConfig config(List<TenantConfig> tenants, String embeddedDir) {
        return new CpimonConfig(new ServerConfig("127.0.0.1", 0, List.of()),
                new DatabaseConfig(null, null, null, embeddedDir, 8),
                new RetentionConfig(ConfigDefaults.RETENTION_MPL, ConfigDefaults.RETENTION_PROBES, ConfigDefaults.RETENTION_ALERTS),
                tenants, List.of(), ConfigDefaults.rules(), List.of(), List.of());
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A private copy of {@code server/target/cpimon-server.jar} and {@code server/target/lib} in {@code dir}, as a
     * class path: a rebuild of the server while the benchmark runs must not change the child under its feet.
     */
    static String serverClasspath(Path dir) {
        Path root = Path.of(System.getProperty("cpimon.root", "."));
        Path jar = root.resolve("server/target/cpimon-server.jar");
        Path lib = root.resolve("server/target/lib");
        if (!Files.exists(jar) || !Files.isDirectory(lib)) {
            throw new IllegalStateException(jar + " or " + lib + " is missing: build the server first (mvn -pl server package)");
        }
        try {
            Path app = Files.createDirectories(dir.resolve("app/lib"));
            Files.copy(jar, app.getParent().resolve("cpimon-server.jar"));
            try (Stream<Path> s = Files.list(lib)) {
                for (Path p : s.toList()) {
                    Files.copy(p, app.resolve(p.getFileName()));
                }
            }
            return app.getParent().resolve("cpimon-server.jar") + File.pathSeparator + app + File.separator + "*";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; the OS cleans it eventually
        }
    }

    /** The benchmarks' tenant id number {@code i}: t000, t001, … (sorts as it counts). */
    static String tenantId(int i) {
        return String.format("t%03d", i);
    }

    /** How a figure stands against its target, as the benchmarks print it. */
    static String verdict(boolean met) {
        return met ? "met" : "missed";
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    static String fmt2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
