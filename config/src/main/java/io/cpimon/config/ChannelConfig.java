package io.cpimon.config;

import java.net.URI;

/**
 * One configured notification channel: a record owned by its channel kind, bound by its {@link ChannelDefinition}.
 * Implementations are immutable.
 */
public interface ChannelConfig {
    /** Unique among the channels; routes refer to it. */
    String name();

    /** The YAML {@code type}, such as {@code teams}. */
    String type();

    /** Where the channel sends, for the API; never a secret, a credential or a URL's query. */
    String target();

    /** The keys after {@code name} and {@code type} as effective-config lines at {@code depth}. */
    void print(YamlWriter out, int depth);

    /** scheme://host[:port]/path, never user info or query (they may carry credentials); empty for null. */
    static String withoutCredentials(URI u) {
        if (u == null) {
            return "";
        }
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort())
                + (u.getPath() == null ? "" : u.getPath());
    }
}
