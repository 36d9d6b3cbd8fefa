package io.cpimon.ingest.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.cpimon.db.Database;
import io.cpimon.ingest.IngestService;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.tenant.TenantSpec;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * {@link SimulatedLandscape} as JUnit drives it: sample test classes (below) run through the JUnit launcher, and
 * what they saw of the landscape is checked after their run, when everything must be closed.
 */
class SimulatedLandscapeIT {
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    static final String SAMPLES = "cpimon.landscape.samples";

    /** What the samples saw, by test method name; filled while a sample class runs. */
    static final Map<String, Seen> SEEN = new ConcurrentHashMap<>();

    record Seen(Simulator sim, Database db, SimClock clock, Vertx vertx, IngestService ingest, String tenantUrl) {}

    /** Runs {@code sample} in a launcher of its own; returns the result of each of its tests by method name. */
    static Map<String, TestExecutionResult> run(Class<?> sample) {
        SEEN.clear();
        Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(sample))
                .configurationParameter(SAMPLES, "true").build(), new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (id.getSource().orElse(null) instanceof org.junit.platform.engine.support.descriptor.MethodSource m) {
                            results.put(m.getMethodName(), result);
                        }
                    }
                });
        return results;
    }

    static boolean accepts(String url) {
        URI uri = URI.create(url);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    static void assertClosed(Seen seen) {
        assertThat(accepts(seen.tenantUrl())).as("the simulator's tenant still listens").isFalse();
        assertThat(seen.db().ping()).as("the database still answers").isFalse();
        assertThat(seen.ingest().started()).as("the ingest service still runs").isFalse();
    }

    static Stream<Arguments> scopes() {
        return Stream.of(
                argumentSet("static field: one landscape for the class", SharedSample.class, true),
                argumentSet("instance field: one landscape per test", PerTestSample.class, false));
    }

    @ParameterizedTest
    @MethodSource("scopes")
    void registration_twoTests_landscapeSharedOnlyByAStaticField_everythingClosedAfterwards(Class<?> sample, boolean shared) {
        Map<String, TestExecutionResult> results = run(sample);

        assertThat(results).hasSize(2).allSatisfy((name, r) -> assertThat(r.getStatus()).as(name + ": " + r)
                .isEqualTo(TestExecutionResult.Status.SUCCESSFUL));
        Seen first = SEEN.get("first");
        Seen second = SEEN.get("second");
        assertThat(second.sim() == first.sim()).as("one simulator").isEqualTo(shared);
        assertThat(second.db() == first.db()).as("one database").isEqualTo(shared);
        assertThat(second.vertx() == first.vertx()).as("one Vert.x").isEqualTo(shared);
        assertThat(second.clock() == first.clock()).as("one clock").isEqualTo(shared);
        assertThat(second.ingest()).as("an ingest service per test").isNotSameAs(first.ingest());
        assertClosed(first);
        assertClosed(second);
    }

    @Test
    void close_twoOwnedResourcesFail_everythingElseClosed_failureReportedWithTheOtherSuppressed() {
        Map<String, TestExecutionResult> results = run(FailingCloseSample.class);

        TestExecutionResult result = results.get("ownsTwoFailingResources");
        assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        Throwable failure = result.getThrowable().orElseThrow();
        assertThat(failure).hasMessage("closed second");
        assertThat(failure.getSuppressed()).extracting(Throwable::getMessage).containsExactly("closed first");
        assertClosed(SEEN.get("ownsTwoFailingResources"));
    }

    @Test
    void withoutDatabase_dbAccessorThrows_restRuns() {
        Map<String, TestExecutionResult> results = run(WithoutDatabaseSample.class);

        assertThat(results.get("noDatabase").getStatus()).as(String.valueOf(results)).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    }

    @Test
    void accessors_landscapeNotRunning_throwNamingTheCause() {
        SimulatedLandscape idle = SimulatedLandscape.startingAt(T0);

        assertThatThrownBy(idle::sim).isInstanceOf(IllegalStateException.class).hasMessageContaining("not running");
        assertThatThrownBy(idle::db).isInstanceOf(IllegalStateException.class).hasMessageContaining("not running");
        assertThatThrownBy(idle::clock).isInstanceOf(IllegalStateException.class).hasMessageContaining("not running");
        assertThatThrownBy(idle::vertx).isInstanceOf(IllegalStateException.class).hasMessageContaining("not running");
    }

    // --- the samples: they run only through run(...) above -------------------------------------------------------

    /** Skips a sample class unless run(...) launched it (a pattern such as -Dtest=io/cpimon/** also finds it). */
    static final class OnlyFromTheLauncher implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(SAMPLES).isPresent()
                    ? ConditionEvaluationResult.enabled("launched by SimulatedLandscapeIT")
                    : ConditionEvaluationResult.disabled("a sample of SimulatedLandscapeIT");
        }
    }

    static IngestService started(IngestService ingest) {
        ingest.start();
        return ingest;
    }

    static Seen seen(SimulatedLandscape landscape, IngestService ingest) {
        Simulator sim = landscape.sim();
        return new Seen(sim, landscape.db(), landscape.clock(), landscape.vertx(), ingest, sim.tenant("pre").apiUrl());
    }

    @ExtendWith(OnlyFromTheLauncher.class)
    static class SharedSample {
        @RegisterExtension
        static final SimulatedLandscape landscape = SimulatedLandscape.startingAt(T0).tenants(TenantSpec.of("pre"));

        @Test
        void first() {
            assertThat(landscape.clock().instant()).isEqualTo(T0);
            assertThat(landscape.db().ping()).isTrue();
            IngestService ingest = started(landscape.ingest(landscape.oauth2(landscape.sim().tenant("pre"))));
            SEEN.put("first", seen(landscape, ingest));
        }

        @Test
        void second() {
            IngestService ingest = started(landscape.ingest(landscape.oauth2(landscape.sim().tenant("pre"))));
            SEEN.put("second", seen(landscape, ingest));
        }
    }

    @ExtendWith(OnlyFromTheLauncher.class)
    static class PerTestSample {
        @RegisterExtension
        final SimulatedLandscape landscape = SimulatedLandscape.startingAt(T0).tenants(TenantSpec.of("pre"));

        @Test
        void first() {
            assertThat(landscape.clock().instant()).isEqualTo(T0);
            landscape.clock().advance(Duration.ofHours(1));
            SEEN.put("first", seen(landscape, started(landscape.ingest(landscape.oauth2(landscape.sim().tenant("pre"))))));
        }

        @Test
        void second() {
            assertThat(landscape.clock().instant()).as("a clock of its own, not the other test's advanced one").isEqualTo(T0);
            landscape.clock().advance(Duration.ofHours(1));
            SEEN.put("second", seen(landscape, started(landscape.ingest(landscape.oauth2(landscape.sim().tenant("pre"))))));
        }
    }

    @ExtendWith(OnlyFromTheLauncher.class)
    static class FailingCloseSample {
        @RegisterExtension
        final SimulatedLandscape landscape = SimulatedLandscape.startingAt(T0).tenants(TenantSpec.of("pre"));

        @Test
        void ownsTwoFailingResources() {
            landscape.own(() -> {
                throw new IllegalStateException("closed first");
            });
            IngestService ingest = started(landscape.ingest(landscape.oauth2(landscape.sim().tenant("pre"))));
            landscape.own(() -> {
                throw new IllegalStateException("closed second");
            });
            SEEN.put("ownsTwoFailingResources", seen(landscape, ingest));
        }
    }

    @ExtendWith(OnlyFromTheLauncher.class)
    static class WithoutDatabaseSample {
        @RegisterExtension
        final SimulatedLandscape landscape = SimulatedLandscape.startingAt(T0).withoutDatabase();

        @Test
        void noDatabase() {
            assertThat(landscape.sim().tenants()).isEmpty();
            assertThat(landscape.vertx()).isNotNull();
            assertThatThrownBy(landscape::db).isInstanceOf(IllegalStateException.class).hasMessageContaining("withoutDatabase()");
            assertThatThrownBy(landscape::jdbcUrl).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> landscape.ingest(List.of())).isInstanceOf(IllegalStateException.class);
        }
    }
}
