package io.cpimon.ingest.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnedResourcesTest {
    final List<String> closed = new ArrayList<>();
    final OwnedResources resources = new OwnedResources();

    AutoCloseable closing(String name) {
        return () -> closed.add(name);
    }

    AutoCloseable failing(String name, Exception failure) {
        return () -> {
            closed.add(name);
            throw failure;
        };
    }

    @Test
    void closeAll_allClose_newestFirstAndNoFailure() {
        resources.add(closing("sim"));
        resources.add(closing("db"));
        resources.add(closing("vertx"));

        assertThat(resources.closeAll(null)).isNull();
        assertThat(closed).containsExactly("vertx", "db", "sim");
    }

    @Test
    void closeAll_twoOfFourFail_everyCloseAttempted_firstFailureReturnedWithTheSecondSuppressed() {
        IllegalStateException dbFailure = new IllegalStateException("db");
        IllegalStateException ingestFailure = new IllegalStateException("ingest");
        resources.add(closing("sim"));
        resources.add(failing("db", dbFailure));
        resources.add(closing("vertx"));
        resources.add(failing("ingest", ingestFailure));

        RuntimeException failure = resources.closeAll(null);

        assertThat(closed).containsExactly("ingest", "vertx", "db", "sim");
        assertThat(failure).isSameAs(ingestFailure);
        assertThat(failure.getSuppressed()).containsExactly(dbFailure);
    }

    @Test
    void closeAll_afterAnEarlierFailure_closeFailuresSuppressedIntoIt() {
        IllegalStateException startFailure = new IllegalStateException("start");
        IllegalStateException closeFailure = new IllegalStateException("close");
        resources.add(failing("sim", closeFailure));

        assertThat(resources.closeAll(startFailure)).isSameAs(startFailure);
        assertThat(startFailure.getSuppressed()).containsExactly(closeFailure);
    }

    @Test
    void closeAll_checkedFailure_wrappedAsItsCause() {
        IOException io = new IOException("disk");
        resources.add(failing("pg", io));

        assertThat(resources.closeAll(null)).isInstanceOf(IllegalStateException.class).hasCause(io);
    }

    @Test
    void closeAll_errorOfAClose_thrownOnceTheOthersAreClosed() {
        resources.add(closing("sim"));
        resources.add(() -> {
            closed.add("db");
            throw new AssertionError("db");
        });

        assertThatThrownBy(() -> resources.closeAll(null)).isInstanceOf(AssertionError.class).hasMessage("db");
        assertThat(closed).containsExactly("db", "sim");
    }

    @Test
    void closeAll_twice_secondClosesNothing() {
        resources.add(closing("sim"));
        resources.closeAll(null);

        assertThat(resources.closeAll(null)).isNull();
        assertThat(closed).containsExactly("sim");
    }
}
