package io.cpimon.alerting.readiness;

import io.cpimon.db.ReadinessAck;

/**
 * One thing that keeps a pair's DR tenant from taking over as the primary runs today, explained.
 *
 * @param key stable within the pair ({@code <kind>:<subject>}): what an acknowledgement names
 * @param kind what was compared
 * @param subject the artifact id, alias, name (a variable: {@code name} or {@code name@iFlow})
 * @param tenant the tenant where something is missing or about to expire
 * @param explanation one sentence for an operator
 * @param weight how many points of the score it costs while not acknowledged
 * @param ack nullable: the acknowledgement that accepts it on purpose
 */
public record Finding(String key, FindingKind kind, String subject, String tenant, String explanation, int weight,
                      ReadinessAck ack) {

    public boolean acknowledged() {
        return ack != null;
    }

    Finding withAck(ReadinessAck a) {
        return new Finding(key, kind, subject, tenant, explanation, weight, a);
    }
}
