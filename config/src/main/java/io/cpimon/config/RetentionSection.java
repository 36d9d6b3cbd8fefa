package io.cpimon.config;

import java.time.Duration;

/** The {@code retention} section: how long MPLs, probe results and alerts are kept. Stateless. */
final class RetentionSection {
    private RetentionSection() {}

    static CpimonConfig.RetentionConfig bind(ConfigMap r) {
        Duration mpl = r.duration("mpl", ConfigDefaults.RETENTION_MPL, true);
        Duration probes = r.duration("probes", ConfigDefaults.RETENTION_PROBES, true);
        Duration alerts = r.duration("alerts", ConfigDefaults.RETENTION_ALERTS, true);
        r.done();
        return new CpimonConfig.RetentionConfig(mpl, probes, alerts);
    }

    static void print(CpimonConfig.RetentionConfig r, YamlWriter out) {
        out.line(0, "retention:");
        out.line(1, "mpl: " + YamlWriter.dur(r.mpl()));
        out.line(1, "probes: " + YamlWriter.dur(r.probes()));
        out.line(1, "alerts: " + YamlWriter.dur(r.alerts()));
    }
}
