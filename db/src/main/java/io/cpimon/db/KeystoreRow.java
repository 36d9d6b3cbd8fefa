package io.cpimon.db;

import java.time.Instant;

/**
 * One entry of a tenant's keystore ({@code KeystoreEntries}). Key: (tenantId, alias). All fields but the
 * key and {@code seenAt} are nullable.
 *
 * @param type Certificate, KeyPair, …
 * @param seenAt when the poller last saw it in the keystore
 */
public record KeystoreRow(
        String tenantId,
        String alias,
        String type,
        String owner,
        String subjectDn,
        String issuerDn,
        Instant validNotBefore,
        Instant validNotAfter,
        Instant seenAt) {}
