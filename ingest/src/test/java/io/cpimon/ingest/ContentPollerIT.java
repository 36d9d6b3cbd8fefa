package io.cpimon.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cpimon.config.CpimonConfig.TenantConfig;
import io.cpimon.db.ContentRow.Kind;
import io.cpimon.db.DataStoreRow;
import io.cpimon.db.Database;
import io.cpimon.db.JmsBrokerRow;
import io.cpimon.ingest.testing.SimulatedLandscape;
import io.cpimon.simulator.tenant.Fault;
import io.cpimon.simulator.tenant.SimulatedTenant;
import io.cpimon.simulator.tenant.TenantContent;
import io.cpimon.simulator.tenant.TenantContent.DataStore;
import io.cpimon.simulator.tenant.TenantContent.JmsBroker;
import io.cpimon.simulator.tenant.TenantContent.PartnerParameter;
import io.cpimon.simulator.tenant.TenantContent.SecurityArtifact;
import io.cpimon.simulator.tenant.TenantContent.Variable;
import io.cpimon.simulator.tenant.TenantSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The content poller against a simulated tenant: the database holds what the tenant served, names and dates only. */
class ContentPollerIT {
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @RegisterExtension
    static final SimulatedLandscape landscape = SimulatedLandscape.startingAt(T0);

    /** What the tenant serves, as {@code kind name[@iflow] retainUntil}. */
    static Set<String> truth(SimulatedTenant t) {
        TenantContent c = t.content();
        Set<String> out = new TreeSet<>();
        c.userCredentials().forEach(a -> out.add("user_credential " + a.name() + " null"));
        c.oauth2Clients().forEach(a -> out.add("oauth2_client " + a.name() + " null"));
        if (c.secureParametersReadable()) {
            c.secureParameters().forEach(a -> out.add("secure_parameter " + a.name() + " null"));
        }
        c.numberRanges().forEach(n -> out.add("number_range " + n.name() + " null"));
        c.variables().forEach(v -> out.add("variable " + v.name() + (v.iflow().isEmpty() ? "" : "@" + v.iflow()) + " "
                + v.retainUntil()));
        c.stringParameters().forEach(p -> out.add("string_parameter " + p.id() + "@" + p.pid() + " null"));
        c.binaryParameters().forEach(p -> out.add("binary_parameter " + p.id() + "@" + p.pid() + " null"));
        return out;
    }

    static Set<String> stored(String tenant) {
        return landscape.db().content().all().stream().filter(r -> r.tenantId().equals(tenant))
                .map(r -> r.kind().key() + " " + r.name() + (r.scope().isEmpty() ? "" : "@" + r.scope()) + " "
                        + r.expiresAt()).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void pollOnce_everyKind_storedAsTheTenantServesIt_andChangesFollowed() {
        Database db = landscape.db();
        SimulatedTenant tenant = landscape.sim().addTenant(TenantSpec.of("cnt-a"));
        TenantConfig config = landscape.oauth2(tenant);
        ContentPoller poller = landscape.ingest(config).contentPoller(config);

        ContentPoller.Outcome first = poller.pollOnce();

        assertThat(first.stored().keySet()).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(Kind.class));
        assertThat(stored("cnt-a")).isEqualTo(truth(tenant)).hasSize(10);
        assertThat(db.content().all()).filteredOn(r -> r.name().equals("CloudConnectorLocationId")).singleElement()
                .satisfies(r -> assertThat(r.visibility()).isEqualTo("Global"));

        tenant.content().removeSecurityArtifact("SFTP_WMS_EU");
        tenant.content().putVariable(new Variable("CloudConnectorLocationId", "", T0, T0.plus(Duration.ofDays(20))));
        tenant.content().addUserCredential(new SecurityArtifact("NEW_USER", null, T0));
        tenant.content().removePartnerParameter("WMS_EU", "OrderMapping");
        tenant.content().putStringParameter(new PartnerParameter("WMS_US", "ReceiverAddress", "https://wms-us", null, T0));
        landscape.clock().advance(Duration.ofMinutes(5));

        ContentPoller.Outcome second = poller.pollOnce();

        assertThat(stored("cnt-a")).isEqualTo(truth(tenant));
        assertThat(second.stored().get(Kind.USER_CREDENTIAL).inserted()).isEqualTo(1);
        assertThat(second.stored().get(Kind.USER_CREDENTIAL).deleted()).isEqualTo(1);
        assertThat(second.stored().get(Kind.VARIABLE).changed()).isEqualTo(1);
        assertThat(second.stored().get(Kind.BINARY_PARAMETER).deleted()).isEqualTo(1);
        assertThat(second.stored().get(Kind.STRING_PARAMETER).inserted()).isEqualTo(1);
        assertThat(db.content().all()).filteredOn(r -> r.kind() == Kind.STRING_PARAMETER)
                .as("values are never asked for nor kept").allSatisfy(r -> assertThat(r.toString())
                        .doesNotContain("https://").doesNotContain("cpi_wms"));
        assertThat(db.cursors().get("cnt-a", ContentPoller.STREAM).orElseThrow().lastSuccess())
                .isEqualTo(landscape.clock().instant());
        JmsBroker b = tenant.content().jmsBroker();
        assertThat(db.content().brokers()).filteredOn(r -> r.tenantId().equals("cnt-a")).singleElement()
                .isEqualTo(new JmsBrokerRow("cnt-a", b.capacity(), b.maxCapacity(), b.queueNumber(), b.maxQueueNumber(),
                        b.capacityOk(), b.capacityWarning(), b.capacityError(), b.transactedSessionsHigh(),
                        b.consumersHigh(), b.producersHigh(), landscape.clock().instant()));

        tenant.content().jmsBroker(null);
        assertThat(poller.pollOnce().broker()).as("404: the tenant has no broker").isNull();
        assertThat(db.content().brokers()).noneMatch(r -> r.tenantId().equals("cnt-a"));
    }

    @Test
    void pollOnce_secureParametersForbidden_skippedNotCompared_othersStored() {
        SimulatedTenant tenant = landscape.sim().addTenant(TenantSpec.of("cnt-b"));
        tenant.content().secureParametersReadable(false);
        TenantConfig config = landscape.oauth2(tenant);

        ContentPoller.Outcome outcome = landscape.ingest(config).contentPoller(config).pollOnce();

        assertThat(outcome.skipped()).containsOnlyKeys(Kind.SECURE_PARAMETER);
        assertThat(stored("cnt-b")).isEqualTo(truth(tenant)).noneMatch(s -> s.startsWith("secure_parameter"));
        assertThat(landscape.db().content().snapshots().get("cnt-b"))
                .isEqualTo(EnumSet.complementOf(EnumSet.of(Kind.SECURE_PARAMETER)));
        assertThat(landscape.db().cursors().get("cnt-b", ContentPoller.STREAM).orElseThrow().lastError()).isNull();
    }

    @Test
    void pollOnce_malformedVariablesPage_variablesKeptAsBefore_otherKindsStored_errorRecorded() {
        Database db = landscape.db();
        SimulatedTenant tenant = landscape.sim().addTenant(TenantSpec.of("cnt-c"));
        TenantConfig config = landscape.oauth2(tenant);
        ContentPoller poller = landscape.ingest(config).contentPoller(config);
        poller.pollOnce();
        Set<String> before = stored("cnt-c");
        tenant.content().removeVariable("CloudConnectorLocationId", "");
        tenant.content().removeNumberRange("INVOICE_NO");
        tenant.inject(Fault.malformedJson().onPath("/api/v1/Variables"));
        try {
            CpiException e = catchThrowableOfType(CpiException.class, poller::pollOnce);

            assertThat(e.kind()).isEqualTo(CpiException.Kind.MALFORMED);
            assertThat(stored("cnt-c")).as("variables as before, the number range gone")
                    .contains("variable CloudConnectorLocationId " + T0.plus(Duration.ofDays(335)))
                    .doesNotContain("number_range INVOICE_NO null");
            assertThat(before).contains("number_range INVOICE_NO null");
            assertThat(db.cursors().get("cnt-c", ContentPoller.STREAM).orElseThrow().lastError()).startsWith("malformed: ");
        } finally {
            tenant.clearFaults();
        }
        poller.pollOnce();
        assertThat(stored("cnt-c")).isEqualTo(truth(tenant));
    }

    static List<DataStoreRow> storedDataStores(String tenant) {
        return landscape.db().content().dataStores().stream().filter(r -> r.tenantId().equals(tenant)).toList();
    }

    @Test
    void pollOnce_dataStores_onlyOverdueStored_malformedKeepsLast_forbiddenNotRead() {
        SimulatedTenant tenant = landscape.sim().addTenant(TenantSpec.of("cnt-d"));
        TenantConfig config = landscape.oauth2(tenant);
        ContentPoller poller = landscape.ingest(config).contentPoller(config);
        assertThat(tenant.content().dataStores()).as("the default store has nothing overdue").isNotEmpty()
                .allMatch(d -> d.overdue() == 0);
        assertThat(poller.pollOnce().dataStores()).isEmpty();

        tenant.content().dataStores(List.of(new DataStore("Orders", "OrderIn", "", 9, 3),
                new DataStore("Shared", "", "", 2, 2), new DataStore("Fresh", "X", "", 5, 0)));
        Instant read = landscape.clock().instant();
        poller.pollOnce();
        List<DataStoreRow> expected = List.of(
                new DataStoreRow("cnt-d", "Orders", "OrderIn", "", "Integration Flow", 9, 3, read),
                new DataStoreRow("cnt-d", "Shared", "", "", "Global", 2, 2, read));
        assertThat(storedDataStores("cnt-d")).isEqualTo(expected);

        tenant.content().dataStores(List.of());
        tenant.inject(Fault.malformedJson().onPath("/api/v1/DataStores"));
        try {
            CpiException e = catchThrowableOfType(CpiException.class, poller::pollOnce);
            assertThat(e.kind()).isEqualTo(CpiException.Kind.MALFORMED);
            assertThat(storedDataStores("cnt-d")).as("the last snapshot kept").isEqualTo(expected);
        } finally {
            tenant.clearFaults();
        }
        tenant.inject(Fault.status(403).onPath("/api/v1/DataStores"));
        try {
            ContentPoller.Outcome outcome = poller.pollOnce();
            assertThat(outcome.dataStores()).as("403: not read").isNull();
            assertThat(storedDataStores("cnt-d")).isEqualTo(expected);
            assertThat(landscape.db().cursors().get("cnt-d", ContentPoller.STREAM).orElseThrow().lastError()).isNull();
        } finally {
            tenant.clearFaults();
        }
        assertThat(poller.pollOnce().dataStores()).isEmpty();
        assertThat(storedDataStores("cnt-d")).isEmpty();
    }
}
