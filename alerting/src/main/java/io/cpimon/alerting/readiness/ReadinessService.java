package io.cpimon.alerting.readiness;

import io.cpimon.alerting.rules.VariableExpiringRule;
import io.cpimon.config.CpimonConfig;
import io.cpimon.config.CpimonConfig.PairConfig;
import io.cpimon.db.ContentStore;
import io.cpimon.db.ReadinessAck;
import io.cpimon.db.RuleQueries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The readiness of every configured pair, computed from the database on each call ({@link ReadinessCheck}), and the
 * acknowledgement of findings. The variable warning window is {@code rules.variable_expiring.days}. Blocking JDBC:
 * call from a virtual thread; thread-safe.
 */
public final class ReadinessService {
    private static final Instant FAR = Instant.parse("9999-01-01T00:00:00Z");

    private final Supplier<CpimonConfig> config;
    private final RuleQueries queries;
    private final Clock clock;

    public ReadinessService(CpimonConfig config, RuleQueries queries, Clock clock) {
        this(() -> config, queries, clock);
    }

    /** Reads the configuration on each call, so that a reload's pairs and warning window apply at once. */
    public ReadinessService(Supplier<CpimonConfig> config, RuleQueries queries, Clock clock) {
        this.config = config;
        this.queries = queries;
        this.clock = clock;
    }

    /** Every pair's readiness, in configuration order. */
    public List<Readiness> all() {
        Instant now = clock.instant();
        ReadinessCheck.Inputs in = inputs();
        List<Readiness> out = new ArrayList<>();
        for (PairConfig p : config.get().pairs()) {
            out.add(ReadinessCheck.evaluate(p, in, now, window()));
        }
        return out;
    }

    /** One pair's readiness; empty when no pair has that id. */
    public Optional<Readiness> of(String pairId) {
        return config.get().pairs().stream().filter(p -> p.id().equals(pairId)).findFirst()
                .map(p -> ReadinessCheck.evaluate(p, inputs(), clock.instant(), window()));
    }

    /** What {@link #ack} decided. */
    public sealed interface AckResult {
        record Acked(Finding finding) implements AckResult {}

        record NoPair() implements AckResult {}

        record NoFinding() implements AckResult {}
    }

    /**
     * Acknowledges a current finding of a pair with a reason, recording who and when; acknowledging again replaces
     * the reason.
     */
    public AckResult ack(String pairId, String findingKey, String reason, String by) {
        Optional<Readiness> r = of(pairId);
        if (r.isEmpty()) {
            return new AckResult.NoPair();
        }
        Optional<Finding> f = r.get().findings().stream().filter(x -> x.key().equals(findingKey)).findFirst();
        if (f.isEmpty()) {
            return new AckResult.NoFinding();
        }
        ReadinessAck ack = new ReadinessAck(pairId, findingKey, reason, by, clock.instant().truncatedTo(ChronoUnit.MICROS));
        content().ack(ack);
        return new AckResult.Acked(new Finding(f.get().key(), f.get().kind(), f.get().subject(), f.get().tenant(),
                f.get().explanation(), f.get().weight(), ack));
    }

    private Duration window() {
        return Duration.ofDays(config.get().rules().get(VariableExpiringRule.DEFINITION).days());
    }

    private ContentStore content() {
        return queries.content();
    }

    private ReadinessCheck.Inputs inputs() {
        return new ReadinessCheck.Inputs(queries.artifacts(), queries.certificatesExpiringBefore(FAR),
                content().all(), content().snapshots(), content().acks());
    }
}
