package io.cpimon.ingest;

import io.cpimon.config.CpimonConfig.BasicAuthConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** HTTP Basic credentials (CF: an IdP user with MonitoringDataRead; Neo: S-/P-user). */
public final class BasicAuthTokenSource implements TokenSource {
    private final String header;

    public BasicAuthTokenSource(BasicAuthConfig basic) {
        this.header = header(basic.user(), basic.password().reveal());
    }

    static String header(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String authorization() {
        return header;
    }

    @Override
    public void invalidate() {
        // nothing to refresh: the next call sends the same credentials
    }

    @Override
    public String toString() {
        return "Basic <secret>";
    }
}
