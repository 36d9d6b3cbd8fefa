package io.cpimon.simulator.tenant;

import io.cpimon.simulator.Blocking;
import io.cpimon.simulator.SimClock;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * One simulated CPI tenant: its own HTTP server on 127.0.0.1 serving the OAuth token endpoint
 * ({@code /oauth/token}), the OData API ({@code /api/v1}) and the runtime ({@code /http/...}); its MPLs
 * with every version (the ground truth); its runtime artifacts, keystore, faults and counters.
 * Thread-safe: tests and the traffic generator mutate it while it serves. Lifecycle calls
 * ({@link #down()}, {@link #up()}) block and must not run on a Vert.x event loop.
 */
public final class SimulatedTenant {

    /** Path on the runtime host of the health iFlow every tenant deploys. */
    public static final String HEALTH_ARTIFACT = "Health_Check_Endpoint";

    private final TenantSpec spec;
    private final SimClock clock;
    private final Vertx vertx;
    private final BusinessKeySequence keys;
    private final MplLedger ledger;
    private final Object lifecycle = new Object();
    private volatile HttpServer server;
    private volatile int port;
    private volatile boolean down;

    private volatile int pageCap = 1000;
    private volatile Realism realism = Realism.BASIC;

    private final String clientId;
    private final String clientSecret;
    private final String basicUser;
    private final String basicPassword;
    private final TokenIssuer tokens;

    private final Object artifactsLock = new Object();
    private final Map<String, RuntimeArtifact> artifacts = new LinkedHashMap<>();
    private final Map<String, String> runtimeEndpoints = new LinkedHashMap<>();
    private final List<KeystoreEntry> keystore = new CopyOnWriteArrayList<>();
    private final TenantContent content;

    private final FaultGate faultGate = new FaultGate();
    private final Map<String, TrafficGenerator.Behaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> requestCounts = new ConcurrentHashMap<>();
    private final Map<String, MplTruth> served = new ConcurrentHashMap<>();
    private final QueryCache queryCache = new QueryCache();
    /** The options of the poller's page query: every property, custom headers expanded. */
    private static final ODataWriter.MplOptions PRERENDERED = new ODataWriter.MplOptions(null, true, false);
    private final MplJsonCache mplJsonCache = new MplJsonCache(MplJsonCache.defaultMaxBytes());

    public SimulatedTenant(TenantSpec spec, SimClock clock, Vertx vertx, BusinessKeySequence keys) {
        this.spec = spec;
        this.clock = clock;
        this.vertx = vertx;
        this.keys = keys;
        this.ledger = new MplLedger(clock::instant);
        SplittableRandom r = new SplittableRandom(Ids.mix(spec.seed(), 0xC0FFEE));
        this.clientId = "sb-" + Ids.hex(r, 8) + "-" + Ids.hex(r, 4) + "-" + Ids.hex(r, 4) + "-" + Ids.hex(r, 4) + "-"
                + Ids.hex(r, 12) + "!b" + (10000 + r.nextInt(90000)) + "|it!b" + (100 + r.nextInt(900));
        this.clientSecret = Ids.hex(r, 8) + "-" + Ids.hex(r, 4) + "-" + Ids.hex(r, 4) + "-" + Ids.hex(r, 4) + "-"
                + Ids.hex(r, 12) + "_" + Ids.messageGuid(r).substring(2, 22);
        this.basicUser = "S00" + (10000000 + r.nextInt(90000000));
        this.basicPassword = Ids.messageGuid(r).substring(2, 26);
        this.tokens = new TokenIssuer(clock, spec.id(), clientId, this::tokenUrl);
        Instant now = clock.instant();
        Instant deployed = now.minus(Duration.ofDays(12)).minusSeconds(r.nextInt(86400));
        for (IflowSpec f : spec.iflows()) {
            artifacts.put(f.id(), RuntimeArtifact.started(f.id(), f.name(), "1.0." + (1 + r.nextInt(9)), deployed));
            runtimeEndpoints.put(f.id(), f.id());
        }
        artifacts.put(HEALTH_ARTIFACT,
                RuntimeArtifact.started(HEALTH_ARTIFACT, "Health Check Endpoint", "1.0.0", deployed));
        runtimeEndpoints.put("health", HEALTH_ARTIFACT);
        runtimeEndpoints.put("ping", HEALTH_ARTIFACT);
        keystore.add(new KeystoreEntry("sap_cloudintegrationcertificate", "KeyPair", "SAP",
                "CN=" + spec.id() + ".it-cpi.invalid,O=SAP SE,C=DE",
                "CN=SAP Cloud Root CA,O=SAP SE,C=DE", now.minus(Duration.ofDays(200)), now.plus(Duration.ofDays(165))));
        keystore.add(KeystoreEntry.certificate("digicert_global_root_g2", now.minus(Duration.ofDays(4000)),
                now.plus(Duration.ofDays(4300))));
        keystore.add(KeystoreEntry.certificate("partner_wms_eu", now.minus(Duration.ofDays(345)),
                now.plus(Duration.ofDays(20))));
        content = TenantContent.defaults(now);
    }

    // ---------------------------------------------------------------- lifecycle

    public void start() {
        synchronized (lifecycle) {
            HttpServer s = TenantServer.listen(vertx, this, spec.port());
            server = s;
            port = s.actualPort();
            down = false;
        }
    }

    /** Stops listening: API, token and runtime endpoints refuse connections. Blocks until closed. */
    public void down() {
        synchronized (lifecycle) {
            HttpServer s = server;
            server = null;
            down = true;
            if (s != null) {
                Blocking.await(s.close());
            }
        }
    }

    /** Listens again on the same port. Blocks until listening; no-op when up. */
    public void up() {
        synchronized (lifecycle) {
            if (server != null) {
                return;
            }
            server = TenantServer.listen(vertx, this, port);
            down = false;
        }
    }

    public boolean isDown() {
        return down;
    }

    /**
     * Whether the runtime would process messages now: not down and no runtime fault (STATUS or HANG on
     * {@link Fault.Scope#RUNTIME}) injected. Pairs route traffic away from a tenant that does not.
     */
    public boolean acceptsTraffic() {
        return !down && !faultGate.runtimeBlocked();
    }

    public void close() {
        down();
    }

    // ---------------------------------------------------------------- identity

    public String id() {
        return spec.id();
    }

    public TenantSpec spec() {
        return spec;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The OData service root, {@code http://127.0.0.1:<port>/api/v1}. */
    public String apiUrl() {
        return baseUrl() + "/api/v1";
    }

    public String tokenUrl() {
        return baseUrl() + "/oauth/token";
    }

    /** The runtime health endpoint, {@code http://127.0.0.1:<port>/http/health}. */
    public String runtimeUrl() {
        return baseUrl() + "/http/health";
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    public String basicUser() {
        return basicUser;
    }

    public String basicPassword() {
        return basicPassword;
    }

    SimClock clock() {
        return clock;
    }

    Vertx vertx() {
        return vertx;
    }

    // ---------------------------------------------------------------- settings

    /** Maximum entries per MPL response (default 1000, as CPI). */
    public SimulatedTenant pageCap(int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be >= 1");
        }
        this.pageCap = cap;
        return this;
    }

    public int pageCap() {
        return pageCap;
    }

    /**
     * How many bytes of serialized MPL entries this tenant keeps to answer repeated page queries without
     * serializing again (0 = none). Default: 32 MiB, at most 1/64 of the heap.
     */
    public SimulatedTenant jsonCacheBytes(long maxBytes) {
        mplJsonCache.maxBytes(maxBytes);
        return this;
    }

    public long jsonCacheBytes() {
        return mplJsonCache.maxBytes();
    }

    /**
     * Serializes every current MPL entry as a page with {@code $expand=CustomHeaderProperties} serves it (what the
     * poller asks for) and keeps it in this tenant's JSON cache, raising its budget to {@code maxBytes}; returns how
     * many entries are cached (fewer than the visible entries when the budget ran out). A benchmark calls it before a
     * drain so that the drain measures the client, not this simulator's JSON writer; {@code jsonCacheBytes(0)}
     * frees them. Any thread.
     */
    public int prerenderMpls(long maxBytes) {
        mplJsonCache.maxBytes(Math.max(maxBytes, mplJsonCache.maxBytes()));
        return mplJsonCache.prerender(odataContext(), view().current, PRERENDERED);
    }

    /** Lifetime of newly issued tokens (default 43199 s), measured on the SimClock. */
    public SimulatedTenant tokenValidity(Duration validity) {
        tokens.validity(validity);
        return this;
    }

    public Duration tokenValidity() {
        return tokens.validity();
    }

    /** Which awkward real-tenant behaviours {@link #generate} produces (default {@link Realism#BASIC}). */
    public SimulatedTenant realism(Realism r) {
        this.realism = Objects.requireNonNull(r);
        return this;
    }

    public Realism realism() {
        return realism;
    }

    // ---------------------------------------------------------------- auth

    TokenIssuer tokens() {
        return tokens;
    }

    /** Forgets every issued token: bearer calls answer 401 until a new token is fetched. */
    public void revokeTokens() {
        tokens.revokeAll();
    }

    // ---------------------------------------------------------------- traffic and ground truth

    /**
     * Deterministic traffic (from the seed) of this tenant's iFlows with LogStart in [from, to). Versions
     * that come later (a PROCESSING message completing, a late-visible entry) become visible when the
     * SimClock reaches them; nothing is visible before the clock reaches its time.
     */
    public void generate(Instant from, Instant to) {
        for (TrafficGenerator.BusinessMessage m
                : TrafficGenerator.arrivals(spec.iflows(), spec.seed(), from, to, keys)) {
            receive(m);
        }
    }

    /** Processes one business message if its iFlow is deployed and STARTED here; false when dropped. */
    public boolean receive(TrafficGenerator.BusinessMessage m) {
        RuntimeArtifact a = artifact(m.iflow().id());
        if (a == null || !"STARTED".equals(a.status())) {
            return false;
        }
        for (TrafficGenerator.Step s
                : TrafficGenerator.process(m, spec.seed(), spec.id(), behaviour(m.iflow()), realism)) {
            ledger.put(s.mpl(), s.visibleAt());
        }
        return true;
    }

    private TrafficGenerator.Behaviour behaviour(IflowSpec f) {
        TrafficGenerator.Behaviour b = behaviours.get(f.id());
        return b != null ? b : new TrafficGenerator.Behaviour(f.failureRatio(), false);
    }

    /** From now on, messages of {@code iflowId} fail with this ratio (scenarios: storm). */
    public void failureRatio(String iflowId, double ratio) {
        behaviours.compute(iflowId, (k, b) -> new TrafficGenerator.Behaviour(ratio, b != null && b.stuck()));
    }

    /** From now on, messages of {@code iflowId} stay PROCESSING forever (scenario: stuck). */
    public void stuck(String iflowId, boolean stuck) {
        double ratio = spec.iflows().stream().filter(f -> f.id().equals(iflowId))
                .mapToDouble(IflowSpec::failureRatio).findFirst().orElse(0);
        behaviours.compute(iflowId,
                (k, b) -> new TrafficGenerator.Behaviour(b != null ? b.failureRatio() : ratio, stuck));
    }

    /** Back to the iFlows' configured behaviour. */
    public void resetBehaviour() {
        behaviours.clear();
    }

    /** Adds an MPL version visible from now on (a new entry, or a new version of an existing guid). */
    public MplTruth add(MplTruth mpl) {
        ledger.put(mpl, clock.instant());
        return mpl;
    }

    /**
     * Adds an MPL version that becomes visible when the SimClock reaches {@code visibleAt} (late-visible entries,
     * later status moves).
     */
    public MplTruth schedule(MplTruth mpl, Instant visibleAt) {
        ledger.put(mpl, visibleAt);
        return mpl;
    }

    /** Every visible MPL as it stands now (its latest visible version), ordered by guid. */
    public List<MplTruth> groundTruth() {
        List<MplTruth> list = new ArrayList<>(ledger.view().current);
        list.sort(Comparator.comparing(MplTruth::messageGuid));
        return list;
    }

    /** The current visible version of {@code guid}, or null. */
    public MplTruth current(String guid) {
        return ledger.view().byGuid.get(guid);
    }

    /** Every visible version of {@code guid}, oldest first (all the statuses it went through so far). */
    public List<MplTruth> history(String guid) {
        return ledger.history(guid);
    }

    /** Every visible version of every MPL (the complete status history), ordered by guid then visibility. */
    public List<MplTruth> groundTruthVersions() {
        Instant now = clock.instant();
        List<MplLedger.Version> all = new ArrayList<>(ledger.allVersions());
        all.removeIf(v -> v.visibleAt().isAfter(now));
        all.sort(Comparator.comparing((MplLedger.Version v) -> v.mpl().messageGuid())
                .thenComparing(MplLedger.Version::visibleAt).thenComparingLong(MplLedger.Version::seq));
        return all.stream().map(MplLedger.Version::mpl).toList();
    }

    /** How many MPLs (guids) exist, including those not visible yet. */
    public int mplCount() {
        return ledger.size();
    }

    /** The last version of every MPL that this tenant served in a response, ordered by guid. */
    public List<MplTruth> served() {
        List<MplTruth> list = new ArrayList<>(served.values());
        list.sort(Comparator.comparing(MplTruth::messageGuid));
        return list;
    }

    void recordServed(List<MplTruth> page) {
        for (MplTruth m : page) {
            served.put(m.messageGuid(), m);
        }
    }

    MplLedger.View view() {
        return ledger.view();
    }

    QueryCache queryCache() {
        return queryCache;
    }

    MplJsonCache mplJsonCache() {
        return mplJsonCache;
    }

    /** Where this tenant lives, for the absolute URIs of its OData responses. */
    ODataWriter.Context odataContext() {
        return new ODataWriter.Context(apiUrl(), baseUrl(), "CPI_" + spec.id());
    }

    // ---------------------------------------------------------------- request counters

    void countRequest(String path) {
        requestCounts.computeIfAbsent(path, p -> new LongAdder()).increment();
    }

    /** How many requests had a path starting with {@code pathPrefix} (e.g. "/api/v1/MessageProcessingLogs"). */
    public int requestCount(String pathPrefix) {
        long n = 0;
        for (Map.Entry<String, LongAdder> e : requestCounts.entrySet()) {
            if (e.getKey().startsWith(pathPrefix)) {
                n += e.getValue().sum();
            }
        }
        return (int) n;
    }

    // ---------------------------------------------------------------- faults

    /** Injects a fault (see {@link Fault}); it applies until {@link #clearFaults()} or its {@code times} run out. */
    public SimulatedTenant inject(Fault fault) {
        faultGate.inject(fault);
        return this;
    }

    public void clearFaults() {
        faultGate.clear();
    }

    /** The faults still active. */
    public List<Fault> faults() {
        return faultGate.active();
    }

    FaultGate faultGate() {
        return faultGate;
    }

    // ---------------------------------------------------------------- runtime artifacts

    public List<RuntimeArtifact> artifacts() {
        synchronized (artifactsLock) {
            return List.copyOf(artifacts.values());
        }
    }

    /** The deployed artifact, or null. */
    public RuntimeArtifact artifact(String id) {
        synchronized (artifactsLock) {
            return artifacts.get(id);
        }
    }

    /** Deploys (or redeploys) an artifact; its runtime path {@code /http/<id>} answers while it is STARTED. */
    public void deploy(RuntimeArtifact a) {
        synchronized (artifactsLock) {
            artifacts.put(a.id(), a);
            if (!runtimeEndpoints.containsValue(a.id())) {
                runtimeEndpoints.put(a.id(), a.id());
            }
        }
    }

    /** Undeploys: the artifact disappears from the API (404) and its runtime paths answer 404. */
    public void undeploy(String id) {
        synchronized (artifactsLock) {
            artifacts.remove(id);
        }
    }

    public void artifactStatus(String id, String status) {
        synchronized (artifactsLock) {
            RuntimeArtifact a = artifacts.get(id);
            if (a == null) {
                throw new IllegalArgumentException("not deployed on " + spec.id() + ": " + id);
            }
            artifacts.put(id, a.withStatus(status));
        }
    }

    public void artifactVersion(String id, String version) {
        synchronized (artifactsLock) {
            RuntimeArtifact a = artifacts.get(id);
            if (a == null) {
                throw new IllegalArgumentException("not deployed on " + spec.id() + ": " + id);
            }
            artifacts.put(id, a.withVersion(version));
        }
    }

    /** The artifact serving runtime path {@code /http/<path>} if deployed and STARTED, else null. */
    RuntimeArtifact runtimeEndpoint(String path) {
        synchronized (artifactsLock) {
            String id = runtimeEndpoints.get(path);
            RuntimeArtifact a = id == null ? null : artifacts.get(id);
            return a != null && "STARTED".equals(a.status()) ? a : null;
        }
    }

    // ---------------------------------------------------------------- keystore

    public List<KeystoreEntry> keystoreEntries() {
        return List.copyOf(keystore);
    }

    public void addKeystoreEntry(KeystoreEntry e) {
        keystore.removeIf(k -> k.alias().equals(e.alias()));
        keystore.add(e);
    }

    /** Security artifacts by name, variables, number ranges and the JMS broker this tenant serves. */
    public TenantContent content() {
        return content;
    }

    @Override
    public String toString() {
        return "SimulatedTenant[" + spec.id() + " " + apiUrl() + (down ? " DOWN" : "") + "]";
    }
}
