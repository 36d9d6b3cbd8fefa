package io.cpimon.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code pairs} section: primary/DR pairs of known tenants, a tenant in at most one pair. Stateless. */
final class PairsSection {
    private PairsSection() {}

    static List<CpimonConfig.PairConfig> bind(List<ConfigMap> pairs, Set<String> tenants) {
        List<CpimonConfig.PairConfig> out = new ArrayList<>();
        Map<String, String> pairOfTenant = new LinkedHashMap<>();
        Set<String> pairIds = new LinkedHashSet<>();
        for (ConfigMap p : pairs) {
            out.add(pair(p, tenants, pairOfTenant, pairIds));
        }
        return List.copyOf(out);
    }

    private static CpimonConfig.PairConfig pair(ConfigMap p, Set<String> tenants, Map<String, String> pairOfTenant,
                                                Set<String> pairIds) {
        ConfigMap.Text idText = p.text("id", true);
        String id = idText == null ? null : idText.value();
        if (idText != null && p.checkId(idText, "pair") && !pairIds.add(id)) {
            p.error(idText, "duplicate pair id '" + id + "'");
        }
        ConfigMap.Text primary = p.text("primary", true);
        ConfigMap.Text dr = p.text("dr", true);
        for (ConfigMap.Text ref : new ConfigMap.Text[] {primary, dr}) {
            if (ref == null) {
                continue;
            }
            if (!tenants.contains(ref.value())) {
                p.error(ref, "unknown tenant " + ref.shown() + ConfigReader.listOf(" (tenants: ", tenants, ")"));
            } else if (ref == dr && primary != null && primary.value().equals(dr.value())) {
                p.error(ref, "must be a different tenant than primary");
            } else if (pairOfTenant.containsKey(ref.value())) {
                p.error(ref, "tenant '" + ref.value() + "' is already in pair '" + pairOfTenant.get(ref.value())
                        + "'; a tenant belongs to at most one pair");
            } else {
                pairOfTenant.put(ref.value(), id);
            }
        }
        CpimonConfig.PairMode mode = p.choice("mode", Map.of(
                "active-active", CpimonConfig.PairMode.ACTIVE_ACTIVE,
                "active-passive", CpimonConfig.PairMode.ACTIVE_PASSIVE), ConfigDefaults.PAIR_MODE, false);
        String businessKey = p.string("businessKey", ConfigDefaults.BUSINESS_KEY);
        Duration duplicateWindow = p.duration("duplicateWindow", ConfigDefaults.DUPLICATE_WINDOW, true);
        p.done();
        return new CpimonConfig.PairConfig(id, primary == null ? null : primary.value(),
                dr == null ? null : dr.value(), mode, businessKey, duplicateWindow);
    }

    static void print(List<CpimonConfig.PairConfig> pairs, YamlWriter out) {
        out.list(0, "pairs", pairs);
        for (var p : pairs) {
            out.item(1, "id: " + YamlWriter.str(p.id()));
            out.line(2, "primary: " + YamlWriter.str(p.primary()));
            out.line(2, "dr: " + YamlWriter.str(p.dr()));
            out.line(2, "mode: " + YamlWriter.lower(p.mode()).replace('_', '-'));
            out.line(2, "businessKey: " + YamlWriter.str(p.businessKey()));
            out.line(2, "duplicateWindow: " + YamlWriter.dur(p.duplicateWindow()));
        }
    }
}
