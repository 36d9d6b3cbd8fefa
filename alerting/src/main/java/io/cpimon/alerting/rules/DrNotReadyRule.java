package io.cpimon.alerting.rules;

import io.cpimon.alerting.readiness.Finding;
import io.cpimon.alerting.readiness.Readiness;
import io.cpimon.alerting.readiness.ReadinessService;
import io.cpimon.config.CpimonConfig;
import io.cpimon.db.RuleQueries;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code dr_not_ready}, per pair: its DR readiness score (see {@code alerting.readiness}) is below {@code minScore};
 * the alert lists every open finding. Acknowledged findings do not count. Label pair.
 */
public final class DrNotReadyRule extends BasicRule {
    public static final String NAME = "dr_not_ready";
    /** The rule's one definition: its parameters, their defaults and binding, its factory. */
    public static final RuleKind<DrNotReadyConfig> DEFINITION = new RuleKind<>(
            NAME, DrNotReadyConfig.class, DrNotReadyConfig.DEFAULTS, DrNotReadyConfig::bind,
            Set.of(RuleContext.Source.QUERIES), c -> new DrNotReadyRule(c.config(), c.queries()));
    private static final int LISTED = 10;

    private final CpimonConfig config;
    private final RuleQueries queries;
    private final int minScore;

    public DrNotReadyRule(CpimonConfig config, RuleQueries queries) {
        super(NAME, config.rules().get(DEFINITION).basics());
        this.config = config;
        this.queries = queries;
        this.minScore = config.rules().get(DEFINITION).minScore();
    }

    @Override
    public List<AlertInstance> evaluate(Instant now) {
        if (config.pairs().isEmpty()) {
            return List.of();
        }
        List<AlertInstance> out = new ArrayList<>();
        for (Readiness r : new ReadinessService(config, queries, Clock.fixed(now, ZoneOffset.UTC)).all()) {
            if (!notReady(r.score(), minScore)) {
                continue;
            }
            List<Finding> open = r.open();
            String listed = open.stream().limit(LISTED).map(Finding::explanation).collect(Collectors.joining("\n"));
            out.add(new AlertInstance(labels("pair", r.pairId()), annotations(
                    "summary", "DR tenant " + r.dr() + " of pair " + r.pairId() + " is not ready: score " + r.score()
                            + ", " + open.size() + " open finding" + (open.size() == 1 ? "" : "s"),
                    "description", listed + (open.size() > LISTED ? "\n… and " + (open.size() - LISTED) + " more" : ""),
                    "score", Integer.toString(r.score()), "primary", r.primary(), "dr", r.dr())));
        }
        return out;
    }

    /** Below the minimum score. */
    static boolean notReady(int score, int minScore) {
        return score < minScore;
    }
}
