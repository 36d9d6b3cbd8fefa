package io.cpimon.simulator.tenant;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A tenant keystore entry as {@code /KeystoreEntries} serves it (key: Hexalias). Immutable.
 *
 * @param type Certificate or KeyPair
 */
public record KeystoreEntry(String alias, String type, String owner, String subjectDn, String issuerDn,
        Instant validNotBefore, Instant validNotAfter) {

    public KeystoreEntry {
        Objects.requireNonNull(alias, "alias");
        type = type == null ? "Certificate" : type;
        owner = owner == null ? "Tenant Administrator" : owner;
        subjectDn = subjectDn == null ? "CN=" + alias : subjectDn;
        issuerDn = issuerDn == null ? subjectDn : issuerDn;
    }

    public static KeystoreEntry certificate(String alias, Instant validNotBefore, Instant validNotAfter) {
        return new KeystoreEntry(alias, "Certificate", "Tenant Administrator", "CN=" + alias + ",O=Simulated,C=DE",
                "CN=Simulated CA,O=Simulated,C=DE", validNotBefore, validNotAfter);
    }

    /** The lower-case hex of the alias bytes, the entity key on a real tenant. */
    public String hexalias() {
        return HexFormat.of().formatHex(alias.getBytes(StandardCharsets.UTF_8));
    }
}
