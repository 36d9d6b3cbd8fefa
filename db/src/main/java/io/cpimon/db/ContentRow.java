package io.cpimon.db;

import java.time.Instant;
import java.util.Objects;

/**
 * One named item of a tenant's content that the DR readiness check compares: a security artifact (user
 * credential, OAuth2 client credential, secure parameter), a variable, a number range or a partner directory
 * parameter. Names only: no secret value, no variable or parameter value. Key: (tenantId, kind, name, scope).
 *
 * @param name a partner directory parameter's {@code Id}
 * @param scope a variable's iFlow ({@code ""} for a global variable), a partner directory parameter's partner
 *     ({@code Pid}); {@code ""} for every other kind
 * @param visibility nullable: a variable's {@code Global} or {@code Local}
 * @param updatedAt nullable: when the tenant last changed it (variables: {@code UpdatedAt}; partner directory
 *     parameters: {@code LastModifiedTime}; others: {@code DeployedOn})
 * @param expiresAt nullable: a variable's {@code RetainUntil}
 * @param seenAt when the poller last saw it
 */
public record ContentRow(String tenantId, Kind kind, String name, String scope, String visibility, Instant updatedAt,
                         Instant expiresAt, Instant seenAt) {

    public ContentRow {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        scope = scope == null ? "" : scope;
    }

    /** What the item is; {@link #key()} is the spelling in the database and the API. */
    public enum Kind {
        USER_CREDENTIAL("user_credential", "user credential"),
        OAUTH2_CLIENT("oauth2_client", "OAuth2 client credential"),
        SECURE_PARAMETER("secure_parameter", "secure parameter"),
        VARIABLE("variable", "variable"),
        NUMBER_RANGE("number_range", "number range"),
        STRING_PARAMETER("string_parameter", "partner directory string parameter"),
        BINARY_PARAMETER("binary_parameter", "partner directory binary parameter");

        private final String key;
        private final String label;

        Kind(String key, String label) {
            this.key = key;
            this.label = label;
        }

        public String key() {
            return key;
        }

        /** How an operator reads it: {@code user credential}. */
        public String label() {
            return label;
        }

        public static Kind of(String key) {
            for (Kind k : values()) {
                if (k.key.equals(key)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown content kind '" + key + "'");
        }
    }
}
