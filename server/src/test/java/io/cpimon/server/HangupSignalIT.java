package io.cpimon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** SIGHUP runs the reload of a running cpimon process, each time, and leaves it running; SIGTERM still stops it. */
@EnabledOnOs({OS.LINUX, OS.MAC})
class HangupSignalIT {

    @Test
    void sighup_runningProcess_reloadsEachTimeAndKeepsRunning_sigtermStillStops(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                HangupChild.class.getName())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("ready"));

            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(child.pid())).start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();

            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).contains("reload 1")
                    || !child.isAlive());
            assertThat(Files.readString(log)).contains("SIGHUP received: reloading the configuration", "reload 1");
            assertThat(child.isAlive()).as("SIGHUP did not stop the process").isTrue();

            assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(child.pid())).start()
                    .waitFor(10, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).contains("reload 2"));

            child.destroy();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(log)).contains("closed");
        } finally {
            child.destroyForcibly();
        }
    }
}
