package io.cpimon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Paths the user types are relative to where they typed them; bad demo options answer a message, not a trace. */
class CommandLineTest {
    static final Map<String, String> FROM_ELSEWHERE = Map.of(Main.CALLER_DIR, "/home/op/configs");

    @Test
    void userPath_relativeWithCallerDir_resolvedAgainstIt() {
        assertThat(Main.userPath("my.yaml", FROM_ELSEWHERE::get)).isEqualTo(Path.of("/home/op/configs/my.yaml"));
        assertThat(Main.userPath("../x/my.yaml", FROM_ELSEWHERE::get)).isEqualTo(Path.of("/home/op/x/my.yaml"));
    }

    @Test
    void userPath_absoluteOrNoCallerDir_asTyped() {
        assertThat(Main.userPath("/etc/cpimon.yaml", FROM_ELSEWHERE::get)).isEqualTo(Path.of("/etc/cpimon.yaml"));
        assertThat(Main.userPath("my.yaml", k -> null)).isEqualTo(Path.of("my.yaml"));
    }

    @Test
    void demoOptions_portNotANumber_clearMessage() {
        assertThatThrownBy(() -> Demo.Options.parse(new String[] {"--port", "abc"}, k -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--port must be a port number from 0 to 65535, got 'abc'");
    }

    @Test
    void demoOptions_portWithoutValue_clearMessage() {
        assertThatThrownBy(() -> Demo.Options.parse(new String[] {"--port"}, k -> null))
                .hasMessageStartingWith("--port needs a value");
    }

    @Test
    void demoOptions_portAndRelativeData_parsed() {
        Demo.Options o = Demo.Options.parse(new String[] {"--port", "9090", "--data", "pg"}, FROM_ELSEWHERE::get);

        assertThat(o.port()).isEqualTo(9090);
        assertThat(o.data()).isEqualTo("/home/op/configs/pg");
    }
}
