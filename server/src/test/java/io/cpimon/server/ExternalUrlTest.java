package io.cpimon.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cpimon.config.CpimonConfig.ServerConfig;
import java.net.URI;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The link base of notifications, from {@code server.externalUrl} or the bind address, and when it is loopback. */
class ExternalUrlTest {

    static Stream<Arguments> links() {
        return Stream.of(
                Arguments.of("configured, slash added", new ServerConfig("0.0.0.0", 8080, List.of(),
                        URI.create("https://cpimon.example.com/ops")), 8080, "https://cpimon.example.com/ops/"),
                Arguments.of("configured with slash", new ServerConfig("127.0.0.1", 8080, List.of(),
                        URI.create("https://cpimon.example.com/")), 8080, "https://cpimon.example.com/"),
                Arguments.of("bind address and bound port", new ServerConfig("10.1.2.3", 0, List.of()), 41234,
                        "http://10.1.2.3:41234/"),
                Arguments.of("IPv6 bind address", new ServerConfig("fd00::5", 8080, List.of()), 8080,
                        "http://[fd00::5]:8080/"),
                Arguments.of("loopback bind address", new ServerConfig("127.0.0.1", 8080, List.of()), 8080,
                        "http://127.0.0.1:8080/"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("links")
    void of_serverConfig_linkBase(String name, ServerConfig server, int port, String expected) {
        assertThat(ExternalUrl.of(server, port)).isEqualTo(expected);
    }

    @Test
    void of_wildcardBindAddress_namesThisHostNotTheWildcard() {
        String url = ExternalUrl.of(new ServerConfig("0.0.0.0", 8080, List.of()), 8080);

        assertThat(url).startsWith("http://").endsWith(":8080/").doesNotContain("0.0.0.0");
    }

    static Stream<Arguments> loopbacks() {
        return Stream.of(
                Arguments.of("http://localhost:8080/", true),
                Arguments.of("http://127.0.0.1:8080/", true),
                Arguments.of("http://[::1]:8080/", true),
                Arguments.of("https://cpimon.example.com/", false),
                Arguments.of("http://10.1.2.3:8080/", false),
                Arguments.of("http://localhost.example.com/", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loopbacks")
    void isLoopback_url_onlyForLoopbackHosts(String url, boolean expected) {
        assertThat(ExternalUrl.isLoopback(url)).isEqualTo(expected);
    }
}
