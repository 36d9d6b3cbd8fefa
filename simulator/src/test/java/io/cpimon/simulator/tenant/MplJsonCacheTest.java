package io.cpimon.simulator.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.cpimon.simulator.Http;
import io.cpimon.simulator.SimClock;
import io.cpimon.simulator.Simulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MPL pages built from per-entry JSON ({@link ODataWriter#mplJson}, {@link MplJsonCache}): byte for byte what one
 * generator writes, and the cache serves an entry only for the same MplTruth instance, options and tenant URLs.
 */
class MplJsonCacheTest {
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    static final ODataWriter.Context CTX = new ODataWriter.Context("http://127.0.0.1:4711/api/v1", "http://127.0.0.1:4711", "CPI_t");
    static final String[] ODD = {"plain", "it's \"quoted\"", "back\\slash", "tab\tnew\nline\u0001", "caf\u00e9 \u20ac", "emoji \ud83d\ude00",
        "</script>", ""};
    static Simulator sim;
    static SimulatedTenant tenant;
    static String auth;

    @BeforeAll
    static void start() {
        sim = Simulator.start(SimClock.fixed(T0));
        tenant = sim.addTenant(TenantSpec.of("json-1"));
        tenant.generate(T0.minus(Duration.ofMinutes(20)), T0);
        auth = Http.basic(tenant.basicUser(), tenant.basicPassword());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void reset() {
        tenant.mplJsonCache().clear();
        tenant.jsonCacheBytes(MplJsonCache.defaultMaxBytes());
    }

    /** The collection as one generator writes it: the format the assembled pages must keep. */
    static byte[] oneGenerator(ODataWriter.Context ctx, List<MplTruth> page, Integer count, String next, ODataWriter.MplOptions o)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("d");
            if (count != null) {
                if (o.wrongTypes()) {
                    g.writeNumberField("__count", count);
                } else {
                    g.writeStringField("__count", Integer.toString(count));
                }
            }
            g.writeArrayFieldStart("results");
            for (MplTruth m : page) {
                ODataWriter.writeMpl(g, ctx, m, o);
            }
            g.writeEndArray();
            if (next != null) {
                g.writeStringField("__next", next);
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    static String odd(SplittableRandom r) {
        return r.nextInt(5) == 0 ? null : ODD[r.nextInt(ODD.length)];
    }

    static List<MplTruth> entries(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        List<MplTruth> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, String> headers = r.nextBoolean() ? Map.of() : Map.of("po", ODD[r.nextInt(ODD.length)], "k\"ey", "v" + i);
            out.add(new MplTruth("AG" + i + "x" + r.nextInt(1000) + (r.nextInt(5) == 0 ? ODD[r.nextInt(ODD.length)] : ""),
                    odd(r), odd(r), odd(r), r.nextInt(4) == 0 ? null : T0.minusSeconds(i),
                    r.nextInt(4) == 0 ? null : T0.plusMillis(i), odd(r), odd(r), "Flow_" + i, odd(r), odd(r), odd(r), odd(r), odd(r),
                    odd(r), odd(r), headers));
        }
        return out;
    }

    static Stream<Arguments> shapes() {
        Set<String> select = new LinkedHashSet<>(List.of("Status", "LogEnd", "MessageGuid", "CustomHeaderProperties", "Runs"));
        return Stream.of(
                Arguments.of("everything", new ODataWriter.MplOptions(null, false, false), null, null),
                Arguments.of("expanded with count and next", new ODataWriter.MplOptions(null, true, false), 4711,
                        "http://127.0.0.1:4711/api/v1/MessageProcessingLogs?$format=json&$skiptoken=1000"),
                Arguments.of("wrong types with count", new ODataWriter.MplOptions(null, true, true), 12, null),
                Arguments.of("select", new ODataWriter.MplOptions(select, false, false), 0, null),
                Arguments.of("select and expand, next with odd characters", new ODataWriter.MplOptions(select, true, false), null,
                        "http://x/a?b=\"c\"\\d\u00e9\u0001"),
                Arguments.of("no entries", new ODataWriter.MplOptions(null, false, false), 0, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void pageFromEntryJson_isByteIdenticalToOneGenerator(String name, ODataWriter.MplOptions options, Integer count, String next)
            throws IOException {
        List<MplTruth> page = name.equals("no entries") ? List.of() : entries(name.hashCode(), 60);
        List<byte[]> json = new ArrayList<>();
        for (MplTruth m : page) {
            json.add(ODataWriter.mplJson(CTX, m, options));
        }

        byte[] assembled = ODataWriter.mplCollection(json, count, next, options.wrongTypes()).getBytes();

        assertThat(new String(assembled, StandardCharsets.UTF_8))
                .isEqualTo(new String(oneGenerator(CTX, page, count, next, options), StandardCharsets.UTF_8));
    }

    static HttpResponse<String> page(String options) {
        HttpResponse<String> r = Http.get(tenant.apiUrl() + "/MessageProcessingLogs?$format=json&$orderby=LogEnd&$top=50" + options, auth);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r;
    }

    @Test
    void samePageServedAgain_cachedOnSecondServe_hitOnThird_identicalBody() {
        MplJsonCache cache = tenant.mplJsonCache();
        long hits = cache.hits();
        long misses = cache.misses();

        String first = page("&$expand=CustomHeaderProperties").body();
        long sizeAfterFirst = cache.size();
        String second = page("&$expand=CustomHeaderProperties").body();
        long sizeAfterSecond = cache.size();
        String third = page("&$expand=CustomHeaderProperties").body();

        assertThat(sizeAfterFirst).isZero();
        assertThat(sizeAfterSecond).isEqualTo(50);
        assertThat(cache.misses() - misses).isEqualTo(100);
        assertThat(cache.hits() - hits).isEqualTo(50);
        assertThat(second).isEqualTo(first);
        assertThat(third).isEqualTo(first);
    }

    @Test
    void drainServingEveryEntryOnce_cachesNothing() {
        MplJsonCache cache = new MplJsonCache(1 << 20);
        List<MplTruth> all = entries(11, 300);

        for (int from = 0; from < all.size(); from += 50) {
            cache.json(CTX, all.subList(from, from + 50), ODataWriter.MplOptions.DEFAULT);
        }

        assertThat(cache.size()).isZero();
        assertThat(cache.misses()).isEqualTo(300);
    }

    @Test
    void newVersionOfAnEntry_isServedFresh() {
        JsonNode before = Http.json(page("")).get("d").get("results").get(0);
        MplTruth current = tenant.current(before.get("MessageGuid").asText());
        tenant.add(current.withStatus("ESCALATED", current.logEnd()).withCustomHeaders(Map.of("changed", "yes")));

        JsonNode after = Http.json(page("&$expand=CustomHeaderProperties")).get("d").get("results").get(0);
        JsonNode again = Http.json(page("")).get("d").get("results").get(0);

        assertThat(after.get("MessageGuid").asText()).isEqualTo(current.messageGuid());
        assertThat(after.get("CustomHeaderProperties").get("results").get(0).get("Name").asText()).isEqualTo("changed");
        assertThat(again.get("MessageGuid").asText()).isEqualTo(current.messageGuid());
        assertThat(again.get("Status").asText()).isEqualTo("ESCALATED");
    }

    @Test
    void otherSelectOrFault_isNotServedFromTheFullEntry() {
        page("");
        JsonNode selected = Http.json(page("&$select=MessageGuid,Status")).get("d").get("results").get(0);
        List<String> names = new ArrayList<>();
        selected.fieldNames().forEachRemaining(names::add);
        tenant.inject(Fault.wrongTypes().times(1));
        JsonNode wrong = Http.json(page("")).get("d").get("results").get(0);
        tenant.clearFaults();

        assertThat(names).containsExactly("__metadata", "MessageGuid", "Status");
        assertThat(wrong.get("Status").isNumber()).isTrue();
        assertThat(Http.json(page("")).get("d").get("results").get(0).get("Status").isTextual()).isTrue();
    }

    @Test
    void budget_boundsTheBytesKept() {
        tenant.jsonCacheBytes(20_000);

        page("&$expand=CustomHeaderProperties");
        page("&$expand=CustomHeaderProperties");

        assertThat(tenant.mplJsonCache().bytes()).isPositive().isLessThanOrEqualTo(20_000);
        assertThat(tenant.mplJsonCache().size()).isBetween(1, 49);
        tenant.jsonCacheBytes(0);
        assertThat(tenant.mplJsonCache().size()).isZero();
        assertThat(page("").body()).contains("\"results\":[{");
        assertThat(tenant.mplJsonCache().size()).isZero();
    }

    @Test
    void prerendered_pagesServedWithoutSerializing_identicalBody() {
        MplJsonCache cache = tenant.mplJsonCache();
        String cold = page("&$expand=CustomHeaderProperties").body();

        int cached = tenant.prerenderMpls(64L << 20);
        long misses = cache.misses();
        String warm = page("&$expand=CustomHeaderProperties").body();

        assertThat(cached).isEqualTo(tenant.view().current.size()).isGreaterThan(50);
        assertThat(cache.misses()).isEqualTo(misses);
        assertThat(warm).isEqualTo(cold);
    }

    @Test
    void prerender_budgetRunsOut_keepsWhatFits() {
        tenant.jsonCacheBytes(0);

        int cached = tenant.prerenderMpls(20_000);

        assertThat(cached).isBetween(1, tenant.view().current.size() - 1);
        assertThat(tenant.mplJsonCache().bytes()).isLessThanOrEqualTo(20_000);
        tenant.jsonCacheBytes(0);
        assertThat(tenant.mplJsonCache().size()).isZero();
    }

    @Test
    void tenantUrlsChange_cachedEntriesAreDropped() {
        MplJsonCache cache = new MplJsonCache(1 << 20);
        ODataWriter.Context moved = new ODataWriter.Context("http://127.0.0.1:4712/api/v1", "http://127.0.0.1:4712", "CPI_t");
        List<MplTruth> page = entries(7, 3);

        cache.json(CTX, page, ODataWriter.MplOptions.DEFAULT);
        cache.json(CTX, page, ODataWriter.MplOptions.DEFAULT);
        long cachedBefore = cache.size();
        List<byte[]> again = cache.json(moved, page, ODataWriter.MplOptions.DEFAULT);

        assertThat(cachedBefore).isEqualTo(3);
        assertThat(new String(again.getFirst(), StandardCharsets.UTF_8)).contains("http://127.0.0.1:4712/api/v1/MessageProcessingLogs('")
                .doesNotContain(":4711");
        assertThat(cache.hits()).isZero();
        assertThat(cache.size()).isZero();
    }
}
