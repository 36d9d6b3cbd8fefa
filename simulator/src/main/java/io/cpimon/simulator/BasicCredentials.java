package io.cpimon.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * User and password of an HTTP {@code Authorization: Basic} header, as the simulated tenants and peers read it.
 * Immutable; neither part is null (either may be empty).
 */
public record BasicCredentials(String user, String password) {

    /** The credentials of a Basic header; null when the header is null, of another scheme or malformed. */
    public static BasicCredentials parse(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether these are exactly {@code expectedUser}:{@code expectedPassword}. */
    public boolean matches(String expectedUser, String expectedPassword) {
        return user.equals(expectedUser) && password.equals(expectedPassword);
    }
}
