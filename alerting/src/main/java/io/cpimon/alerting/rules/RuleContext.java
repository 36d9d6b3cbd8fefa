package io.cpimon.alerting.rules;

import io.cpimon.config.CpimonConfig;
import io.cpimon.db.AlertStore;
import io.cpimon.db.PollCursorStore;
import io.cpimon.db.ProbeStore;
import io.cpimon.db.RuleQueries;
import java.util.Set;

/**
 * What a rule's factory may build a rule from: the configuration (with every rule's parameters) and the stores.
 *
 * @param cursors nullable: without it, the rules that read poll cursors are left out
 * @param queries nullable: without it, only the probe- and cursor-based rules run
 */
public record RuleContext(CpimonConfig config, ProbeStore probes, PollCursorStore cursors, RuleQueries queries,
                          AlertStore alerts) {

    /** The optional stores a rule may need. */
    public enum Source { CURSORS, QUERIES }

    boolean has(Set<Source> needed) {
        return (cursors != null || !needed.contains(Source.CURSORS))
                && (queries != null || !needed.contains(Source.QUERIES));
    }
}
