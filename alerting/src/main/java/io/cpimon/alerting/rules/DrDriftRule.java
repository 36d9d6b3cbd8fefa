package io.cpimon.alerting.rules;

import io.cpimon.config.CpimonConfig;
import io.cpimon.config.CpimonConfig.PairConfig;
import io.cpimon.db.RuleQueries;
import io.cpimon.db.RuleQueries.Artifact;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code dr_drift}, per pair and artifact: an artifact STARTED on the primary is missing on the DR tenant, in
 * ERROR there, or deployed at another version. A pair whose primary or DR tenant has no artifact snapshot yet is
 * not judged (missing data, not drift).
 */
public final class DrDriftRule extends BasicRule {
    public static final String NAME = "dr_drift";
    /** The rule's one definition: its parameters, their defaults and binding, its factory. */
    public static final RuleKind<DrDriftConfig> DEFINITION = new RuleKind<>(
            NAME, DrDriftConfig.class, DrDriftConfig.DEFAULTS, DrDriftConfig::bind,
            Set.of(RuleContext.Source.QUERIES), c -> new DrDriftRule(c.config(), c.queries()));

    private final CpimonConfig config;
    private final RuleQueries queries;

    public DrDriftRule(CpimonConfig config, RuleQueries queries) {
        super(NAME, config.rules().get(DEFINITION).basics());
        this.config = config;
        this.queries = queries;
    }

    @Override
    public List<AlertInstance> evaluate(Instant now) {
        if (config.pairs().isEmpty()) {
            return List.of();
        }
        Map<String, Map<String, Artifact>> byTenant = new LinkedHashMap<>();
        for (Artifact a : queries.artifacts()) {
            byTenant.computeIfAbsent(a.tenantId(), t -> new LinkedHashMap<>()).put(a.artifactId(), a);
        }
        List<AlertInstance> out = new ArrayList<>();
        for (PairConfig p : config.pairs()) {
            Map<String, Artifact> primary = byTenant.get(p.primary());
            Map<String, Artifact> dr = byTenant.get(p.dr());
            if (primary == null || dr == null) {
                continue;
            }
            for (Artifact a : primary.values()) {
                String drift = drift(a, dr.get(a.artifactId()));
                if (drift != null) {
                    out.add(new AlertInstance(labels("pair", p.id(), "artifact", a.artifactId()), annotations(
                            "summary", "DR drift in pair " + p.id() + ": " + a.artifactId() + " " + drift + " on " + p.dr(),
                            "description", a.artifactId() + " is STARTED on " + p.primary() + " at version " + a.version()
                                    + " but " + drift + " on " + p.dr(),
                            "primary", p.primary(), "dr", p.dr(), "drift", drift)));
                }
            }
        }
        return out;
    }

    /**
     * @param dr nullable: the DR tenant's artifact of the same id
     * @return what is wrong, or null when the DR tenant matches (or the primary's artifact is not STARTED)
     */
    public static String drift(Artifact primary, Artifact dr) {
        if (!"STARTED".equalsIgnoreCase(primary.status())) {
            return null;
        }
        if (dr == null) {
            return "missing";
        }
        if ("ERROR".equalsIgnoreCase(dr.status())) {
            return "in ERROR";
        }
        if (primary.version() != null && dr.version() != null && !Objects.equals(primary.version(), dr.version())) {
            return "at version " + dr.version() + " (primary " + primary.version() + ")";
        }
        return null;
    }
}
