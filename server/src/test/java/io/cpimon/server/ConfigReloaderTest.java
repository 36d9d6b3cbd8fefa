package io.cpimon.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.alerting.AlertingCatalogue;
import io.cpimon.api.routes.ReloadRoutes.ReloadStatus;
import io.cpimon.config.ConfigLoader;
import io.cpimon.config.CpimonConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reload path on real files and the real loader, with a recording apply step: what is applied, what is refused
 * before anything is applied, what only a restart applies, and the previous configuration restored when applying
 * fails.
 */
class ConfigReloaderTest {
    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final ConfigLoader LOADER = new ConfigLoader(Map.of("T1_PASSWORD", "pw-1-secret-value")::get,
            AlertingCatalogue.CONFIG);

    /** A configuration file with one tenant and the given extra top-level YAML. */
    static String yaml(String tenant, String extra) {
        return """
                server: { host: 127.0.0.1, port: 0 }
                tenants:
                  - id: %s
                    api:
                      url: http://127.0.0.1:9/api
                      auth: { basic: { user: u, password: "${env:T1_PASSWORD}" } }
                    probe: { url: http://127.0.0.1:9/http/ping }
                """.formatted(tenant) + extra;
    }

    /** Records each apply as "previous tenants → next tenants"; throws while {@code failing} is set. */
    static final class RecordingApply implements ConfigReloader.Apply {
        final List<String> applied = new ArrayList<>();
        boolean failing;

        @Override
        public List<String> apply(CpimonConfig previous, CpimonConfig next) {
            applied.add(ids(previous) + " -> " + ids(next));
            if (failing) {
                failing = false;
                throw new IllegalStateException("the new channels could not be built");
            }
            return List.of("tenants " + ids(next));
        }

        static String ids(CpimonConfig c) {
            return c.tenants().stream().map(CpimonConfig.TenantConfig::id).toList().toString();
        }
    }

    static ConfigReloader reloader(Path file, RecordingApply apply) throws Exception {
        ConfigReloader r = new ConfigReloader(LOADER.load(file), CLOCK, apply);
        r.source(file, ConfigReloader.loader(LOADER));
        return r;
    }

    @Test
    void reload_validFile_appliedAndInForce(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("cpimon.yaml"), yaml("t1", ""));
        RecordingApply apply = new RecordingApply();
        ConfigReloader reloader = reloader(file, apply);
        assertThat(reloader.last().outcome()).isEqualTo("none");

        Files.writeString(file, yaml("t2", ""));
        ReloadStatus s = reloader.reload("api root");

        assertThat(s.outcome()).isEqualTo("applied");
        assertThat(s.at()).isEqualTo(NOW);
        assertThat(s.trigger()).isEqualTo("api root");
        assertThat(s.changes()).containsExactly("tenants [t2]");
        assertThat(s.restartNeeded()).isEmpty();
        assertThat(apply.applied).containsExactly("[t1] -> [t2]");
        assertThat(reloader.current().tenants()).extracting(CpimonConfig.TenantConfig::id).containsExactly("t2");
        assertThat(reloader.last()).isEqualTo(s);
    }

    @Test
    void reload_invalidFile_rejectedWithEveryError_nothingApplied(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("cpimon.yaml"), yaml("t1", ""));
        RecordingApply apply = new RecordingApply();
        ConfigReloader reloader = reloader(file, apply);
        CpimonConfig before = reloader.current();

        Files.writeString(file, yaml("t1", "rules: { evaluationInterval: soon }\nnonsense: true\n"));
        ReloadStatus s = reloader.reload("SIGHUP");

        assertThat(s.outcome()).isEqualTo("rejected");
        assertThat(s.errors()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(String.join("\n", s.errors())).contains("evaluationInterval", "nonsense", "cpimon.yaml");
        assertThat(String.join("\n", s.errors())).doesNotContain("pw-1-secret-value");
        assertThat(apply.applied).isEmpty();
        assertThat(reloader.current()).isSameAs(before);
    }

    @Test
    void reload_missingFile_rejected_nothingApplied(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("cpimon.yaml"), yaml("t1", ""));
        RecordingApply apply = new RecordingApply();
        ConfigReloader reloader = reloader(file, apply);

        Files.delete(file);
        ReloadStatus s = reloader.reload("SIGHUP");

        assertThat(s.outcome()).isEqualTo("rejected");
        assertThat(s.errors()).singleElement().asString().contains(file.toString());
        assertThat(apply.applied).isEmpty();
    }

    @Test
    void reload_sameFile_unchanged_nothingApplied(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("cpimon.yaml"), yaml("t1", ""));
        RecordingApply apply = new RecordingApply();
        ConfigReloader reloader = reloader(file, apply);

        assertThat(reloader.reload("SIGHUP").outcome()).isEqualTo("unchanged");
        assertThat(apply.applied).isEmpty();
    }

    @Test
    void reload_startOnlySectionsChanged_listedAsRestartNeeded(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("cpimon.yaml"), yaml("t1", ""));
        ConfigReloader reloader = reloader(file, new RecordingApply());

        Files.writeString(file, yaml("t1", "logging: { format: json }\nretention: { mpl: 3d }\n")
                .replace("port: 0", "port: 8443"));
        ReloadStatus s = reloader.reload("SIGHUP");

        assertThat(s.outcome()).isEqualTo("applied");
        assertThat(s.restartNeeded()).containsExactly("server", "retention", "logging");
    }

    @Test
    void reload_applyFails_previousConfigurationRestored(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("cpimon.yaml"), yaml("t1", ""));
        RecordingApply apply = new RecordingApply();
        ConfigReloader reloader = reloader(file, apply);
        CpimonConfig before = reloader.current();

        Files.writeString(file, yaml("t2", ""));
        apply.failing = true;
        ReloadStatus s = reloader.reload("api root");

        assertThat(s.outcome()).isEqualTo("failed");
        assertThat(s.errors()).containsExactly("the new channels could not be built");
        assertThat(apply.applied).containsExactly("[t1] -> [t2]", "[t2] -> [t1]");
        assertThat(reloader.current()).isSameAs(before);
    }

    @Test
    void reload_withoutAFile_unsupported() throws Exception {
        ConfigReloader reloader = new ConfigReloader(null, CLOCK, new RecordingApply());

        ReloadStatus s = reloader.reload("api root");

        assertThat(s.outcome()).isEqualTo("unsupported");
        assertThat(s.errors()).singleElement().asString().contains("no file to reload");
    }
}
