package io.cpimon.alerting.rules;

import io.cpimon.config.CpimonConfig;
import io.cpimon.db.RuleQueries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code cert_expiry}: a keystore certificate of a tenant expires within {@code days} (or has expired). */
public final class CertExpiryRule extends BasicRule {
    public static final String NAME = "cert_expiry";
    /** The rule's one definition: its parameters, their defaults and binding, its factory. */
    public static final RuleKind<CertExpiryConfig> DEFINITION = new RuleKind<>(
            NAME, CertExpiryConfig.class, CertExpiryConfig.DEFAULTS, CertExpiryConfig::bind,
            Set.of(RuleContext.Source.QUERIES), c -> new CertExpiryRule(c.config(), c.queries()));

    private final CpimonConfig config;
    private final RuleQueries queries;
    private final int days;

    public CertExpiryRule(CpimonConfig config, RuleQueries queries) {
        super(NAME, config.rules().get(DEFINITION).basics());
        this.config = config;
        this.queries = queries;
        this.days = config.rules().get(DEFINITION).days();
    }

    @Override
    public List<AlertInstance> evaluate(Instant now) {
        List<AlertInstance> out = new ArrayList<>();
        for (RuleQueries.Certificate c : queries.certificatesExpiringBefore(now.plus(Duration.ofDays(days)))) {
            if (config.tenant(c.tenantId()).isEmpty() || !expiresSoon(c.validNotAfter(), now, days)) {
                continue;
            }
            long left = Duration.between(now, c.validNotAfter()).toDays();
            out.add(new AlertInstance(labels("tenant", c.tenantId(), "alias", c.alias()), annotations(
                    "summary", c.validNotAfter().isAfter(now)
                            ? "Certificate " + c.alias() + " on " + c.tenantId() + " expires in " + left + " day" + (left == 1 ? "" : "s")
                            : "Certificate " + c.alias() + " on " + c.tenantId() + " has expired",
                    "description", "valid until " + c.validNotAfter() + " (keystore entry type " + c.type() + ")",
                    "validNotAfter", c.validNotAfter().toString())));
        }
        return out;
    }

    /** validNotAfter before now + days; an entry without a date is not judged. */
    static boolean expiresSoon(Instant validNotAfter, Instant now, int days) {
        return validNotAfter != null && validNotAfter.isBefore(now.plus(Duration.ofDays(days)));
    }
}
