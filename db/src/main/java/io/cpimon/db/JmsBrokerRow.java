package io.cpimon.db;

import java.time.Instant;

/**
 * A tenant's JMS broker as {@code JmsBrokers('Broker1')} answered: capacity used and its maximum (bytes), queues and
 * their maximum, queues per capacity state, and the broker's "too many" flags. Key: tenantId.
 */
public record JmsBrokerRow(String tenantId, long capacity, long maxCapacity, int queueNumber, int maxQueueNumber,
                           int capacityOk, int capacityWarning, int capacityError, boolean transactedSessionsHigh,
                           boolean consumersHigh, boolean producersHigh, Instant seenAt) {}
