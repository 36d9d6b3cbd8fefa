package io.cpimon.db;

import io.cpimon.config.LabelMatcher;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A silence (Alertmanager semantics): while {@code startsAt <= now < endsAt}, an alert matching every matcher
 * does not notify but stays visible, flagged with the silence's id.
 * @param comment nullable
 */
public record Silence(long id, List<LabelMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
                      String comment, Instant createdAt) {

    public Silence {
        matchers = List.copyOf(matchers);
    }

    public enum State { PENDING, ACTIVE, EXPIRED }

    public State state(Instant now) {
        if (now.isBefore(startsAt)) {
            return State.PENDING;
        }
        return now.isBefore(endsAt) ? State.ACTIVE : State.EXPIRED;
    }

    /** Active at {@code now} and every matcher matches. */
    public boolean mutes(Map<String, String> labels, Instant now) {
        return state(now) == State.ACTIVE && LabelMatcher.all(matchers, labels);
    }
}
