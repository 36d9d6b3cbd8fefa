package io.cpimon.alerting.rules;

import io.cpimon.config.CpimonConfig;
import io.cpimon.db.RuleQueries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code iflow_error}: a deployed integration artifact in ERROR, or one that disappeared from the tenant's
 * runtime (recorded by a trigger when the artifacts poller deletes it) less than {@code goneFor} after it was last
 * seen and not deployed again.
 */
public final class IflowErrorRule extends BasicRule {
    public static final String NAME = "iflow_error";
    /** The rule's one definition: its parameters, their defaults and binding, its factory. */
    public static final RuleKind<IflowErrorConfig> DEFINITION = new RuleKind<>(
            NAME, IflowErrorConfig.class, IflowErrorConfig.DEFAULTS, IflowErrorConfig::bind,
            Set.of(RuleContext.Source.QUERIES), c -> new IflowErrorRule(c.config(), c.queries()));

    private final CpimonConfig config;
    private final RuleQueries queries;
    private final Duration goneFor;

    public IflowErrorRule(CpimonConfig config, RuleQueries queries) {
        super(NAME, config.rules().get(DEFINITION).basics());
        this.config = config;
        this.queries = queries;
        this.goneFor = config.rules().get(DEFINITION).goneFor();
    }

    @Override
    public List<AlertInstance> evaluate(Instant now) {
        List<AlertInstance> out = new ArrayList<>();
        for (RuleQueries.Artifact a : queries.artifacts()) {
            if (config.tenant(a.tenantId()).isPresent() && inError(a.status())) {
                out.add(new AlertInstance(labels("tenant", a.tenantId(), "artifact", a.artifactId()), annotations(
                        "summary", "Integration artifact " + name(a.name(), a.artifactId()) + " on " + a.tenantId() + " is in ERROR",
                        "description", a.errorText() == null ? "version " + a.version() : excerpt(a.errorText(), 500),
                        "version", a.version())));
            }
        }
        for (RuleQueries.GoneArtifact g : queries.goneArtifacts()) {
            if (config.tenant(g.tenantId()).isPresent() && goneRecently(g.lastSeen(), now, goneFor)) {
                out.add(new AlertInstance(labels("tenant", g.tenantId(), "artifact", g.artifactId()), annotations(
                        "summary", "Integration artifact " + name(g.name(), g.artifactId()) + " disappeared from " + g.tenantId(),
                        "description", "last seen deployed at " + g.lastSeen() + " (version " + g.version() + ")",
                        "version", g.version())));
            }
        }
        return out;
    }

    static boolean inError(String status) {
        return "ERROR".equalsIgnoreCase(status);
    }

    /** Gone, and last seen less than {@code goneFor} ago (a zero goneFor never reports disappearances). */
    static boolean goneRecently(Instant lastSeen, Instant now, Duration goneFor) {
        return lastSeen != null && !goneFor.isZero() && Duration.between(lastSeen, now).compareTo(goneFor) < 0;
    }

    private static String name(String name, String id) {
        return name == null || name.equals(id) ? id : name + " (" + id + ")";
    }
}
