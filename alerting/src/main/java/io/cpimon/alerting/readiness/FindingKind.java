package io.cpimon.alerting.readiness;

import java.util.Locale;

/** The kinds of readiness finding and what each costs of the score (100 = ready). */
public enum FindingKind {
    /** An artifact STARTED on the primary is missing on the DR tenant. */
    ARTIFACT_MISSING(20),
    /** The DR tenant's artifact is in ERROR. */
    ARTIFACT_ERROR(20),
    /** The DR tenant's artifact is deployed at another version. */
    ARTIFACT_VERSION(10),
    /** A user credential deployed on the primary is missing on the DR tenant. */
    USER_CREDENTIAL_MISSING(20),
    /** An OAuth2 client credential deployed on the primary is missing on the DR tenant. */
    OAUTH2_CLIENT_MISSING(20),
    /** A secure parameter deployed on the primary is missing on the DR tenant. */
    SECURE_PARAMETER_MISSING(20),
    /** A keystore entry of the primary is missing on the DR tenant. */
    KEYSTORE_MISSING(20),
    /** A keystore entry expires sooner on one tenant than on the other. */
    KEYSTORE_EXPIRES_SOONER(10),
    /** A global variable exists on one tenant only. */
    VARIABLE_MISSING(15),
    /** A variable reaches its RetainUntil within the warning window. */
    VARIABLE_EXPIRING(10),
    /** A number range of the primary is missing on the DR tenant. */
    NUMBER_RANGE_MISSING(5),
    /** A partner directory string parameter of the primary is missing on the DR tenant. */
    STRING_PARAMETER_MISSING(10),
    /** A partner directory binary parameter (an XSLT, a certificate) of the primary is missing on the DR tenant. */
    BINARY_PARAMETER_MISSING(10);

    private final int weight;

    FindingKind(int weight) {
        this.weight = weight;
    }

    public int weight() {
        return weight;
    }

    /** The spelling in keys and the API: {@code variable_missing}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
