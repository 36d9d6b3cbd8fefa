package io.cpimon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cpimon.core.Lifecycle;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComponentsTest {
    /** A component that records what happens to it in a shared log and fails where told. */
    record Recording(String name, List<String> log, boolean failStart, boolean failClose, boolean up)
            implements Lifecycle {
        @Override
        public void start() {
            log.add("start " + name);
            if (failStart) {
                throw new IllegalStateException(name + " cannot start");
            }
        }

        @Override
        public Check check() {
            return up ? Check.UP : Check.down(name + " is down");
        }

        @Override
        public void close() {
            log.add("close " + name);
            if (failClose) {
                throw new IllegalStateException(name + " cannot close");
            }
        }
    }

    @Test
    void startAll_startsInOrder_closeClosesInReverse() throws Exception {
        List<String> log = new ArrayList<>();
        Components components = new Components();
        components.add(new Recording("database", log, false, false, true));
        components.add(new Recording("api", log, false, false, true));
        components.add(new Recording("ingest", log, false, false, true));

        components.startAll();
        components.close();

        assertThat(log).containsExactly("start database", "start api", "start ingest",
                "close ingest", "close api", "close database");
    }

    @Test
    void checks_componentNotStarted_isDownByName() {
        Components components = new Components();
        components.add(new Recording("database", new ArrayList<>(), false, false, true));

        assertThat(components.checks()).containsOnlyKeys("database");
        assertThat(components.checks().get("database").up()).isFalse();
        assertThat(components.checks().get("database").detail()).isEqualTo("not started");
    }

    @Test
    void checks_afterStart_reportEveryComponentsOwnCheckInOrder() throws Exception {
        Components components = new Components();
        components.add(new Recording("database", new ArrayList<>(), false, false, true));
        components.add(new Recording("ingest", new ArrayList<>(), false, false, false));

        components.startAll();

        assertThat(components.checks()).containsKeys("database", "ingest");
        assertThat(components.checks().keySet()).containsExactly("database", "ingest");
        assertThat(components.checks().get("database").up()).isTrue();
        assertThat(components.checks().get("ingest").detail()).isEqualTo("ingest is down");
    }

    @Test
    void startAll_oneFails_everyComponentIsClosedInReverse_andTheStartFailureIsThrown() {
        List<String> log = new ArrayList<>();
        Components components = new Components();
        components.add(new Recording("database", log, false, false, true));
        components.add(new Recording("api", log, true, false, true));
        components.add(new Recording("ingest", log, false, true, true));

        assertThatThrownBy(components::startAll).hasMessage("api cannot start")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("ingest cannot close"));
        assertThat(log).containsExactly("start database", "start api", "close ingest", "close api", "close database");
    }

    @Test
    void close_attemptsEveryComponent_firstFailureThrown_laterOnesSuppressed() throws Exception {
        List<String> log = new ArrayList<>();
        Components components = new Components();
        components.add(new Recording("database", log, false, true, true));
        components.add(new Recording("api", log, false, false, true));
        components.add(new Recording("ingest", log, false, true, true));
        components.startAll();

        assertThatThrownBy(components::close).hasMessage("ingest cannot close")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("database cannot close"));
        assertThat(log).endsWith("close ingest", "close api", "close database");
    }
}
