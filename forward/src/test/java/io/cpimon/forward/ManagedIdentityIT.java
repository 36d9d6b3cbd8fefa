package io.cpimon.forward;

import static io.cpimon.db.testing.MplRecords.mpl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cpimon.db.Database;
import io.cpimon.db.MplRecord;
import io.cpimon.db.MplStore;
import io.cpimon.db.testing.TestDatabase;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import io.cpimon.simulator.peers.AzureMonitorPeer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A forwarder with {@code credential: { managedIdentity: true }} in its own JVM, whose environment is that of App
 * Service or Container Apps ({@code IDENTITY_ENDPOINT}, {@code IDENTITY_HEADER}) pointing at the simulator's Azure
 * Monitor peer: {@code azure-identity} reads the real process environment, as in production, so the child process
 * ({@link ForwardChild}) is given one instead of the test JVM being changed.
 */
class ManagedIdentityIT {
    static final String STREAM = "Custom-CpiMessageLog";
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    static Simulator sim;
    static AzureMonitorPeer azure;
    static String url;
    static Database db;

    @BeforeAll
    static void start() {
        sim = Simulator.start(SimClock.system());
        azure = sim.azureMonitor();
        url = TestDatabase.freshJdbcUrl();
        db = TestDatabase.open(url, 2);
    }

    @AfterAll
    static void stop() {
        db.close();
        sim.close();
    }

    @Test
    void userAssignedManagedIdentity_tokenFromTheIdentityEndpoint_rowsDelivered() throws Exception {
        db.forwarding().register(List.of("app"));
        List<MplRecord> page = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            page.add(mpl("t1", String.format("mi%02d", i), "COMPLETED", T0.plusSeconds(i)));
        }
        db.mpls().upsertPage("t1", page, new MplStore.CursorAdvance("mpl", T0, T0));
        File log = Path.of("target", "managed-identity-child.log").toFile();
        Files.deleteIfExists(log.toPath());

        Process child = child(log, Map.of("IDENTITY_ENDPOINT", azure.identityEndpoint(),
                "IDENTITY_HEADER", azure.identityHeader()));
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> azure.rows(STREAM).size() >= page.size());
            assertThat(azure.rows(STREAM)).extracting(r -> r.getString("MessageGuid"))
                    .containsExactlyInAnyOrderElementsOf(page.stream().map(MplRecord::messageGuid).toList());
            assertThat(azure.identityTokensIssued()).isPositive();
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Process child(File log, Map<String, String> environment) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-Djavax.net.ssl.trustStore=" + azure.certificate().keystore(),
                "-Djavax.net.ssl.trustStorePassword=" + azure.certificate().password(),
                "-Djavax.net.ssl.trustStoreType=PKCS12",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                ForwardChild.class.getName(), url, TestDatabase.user(), "app", azure.endpoint(),
                azure.dcrImmutableId(), STREAM, "managed-identity", azure.clientId(), "", "", "20000");
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        b.environment().keySet().removeIf(k -> k.startsWith("IDENTITY_") || k.startsWith("MSI_")
                || k.startsWith("AZURE_"));
        b.environment().putAll(environment);
        return b.start();
    }
}
