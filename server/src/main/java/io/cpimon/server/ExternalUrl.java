package io.cpimon.server;

import io.cpimon.config.CpimonConfig.ServerConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The URL users open cpimon at, which every notification links to: {@code server.externalUrl} when configured,
 * else derived from the bind address and the port the API bound (a wildcard address stands for this machine's host
 * name). Stateless.
 */
final class ExternalUrl {
    private ExternalUrl() {}

    /** The link base, always ending in {@code /}. */
    static String of(ServerConfig server, int boundPort) {
        if (server.externalUrl() != null) {
            String configured = server.externalUrl().toString();
            return configured.endsWith("/") ? configured : configured + "/";
        }
        String host = server.host();
        if (isWildcard(host)) {
            host = localHostName();
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return (server.tls() == null ? "http://" : "https://") + host + ":" + boundPort + "/";
    }

    /** Whether the URL's host is a loopback address or name, which nobody but this machine can open. */
    static boolean isLoopback(String url) {
        String rest = url.substring(url.indexOf("://") + 3);
        String host;
        if (rest.startsWith("[")) {
            host = rest.substring(1, rest.indexOf(']'));
        } else {
            int end = rest.length();
            for (char c : new char[] {':', '/', '?', '#'}) {
                int i = rest.indexOf(c);
                if (i >= 0 && i < end) {
                    end = i;
                }
            }
            host = rest.substring(0, end);
        }
        host = host.toLowerCase(Locale.ROOT);
        return host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("127.")
                || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1");
    }

    private static boolean isWildcard(String host) {
        return host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
