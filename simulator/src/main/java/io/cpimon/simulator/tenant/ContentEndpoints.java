package io.cpimon.simulator.tenant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cpimon.simulator.odata.ODataException;
import io.cpimon.simulator.odata.QueryOptions;
import io.cpimon.simulator.tenant.TenantContent.DataStore;
import io.cpimon.simulator.tenant.TenantContent.JmsBroker;
import io.cpimon.simulator.tenant.TenantContent.NumberRange;
import io.cpimon.simulator.tenant.TenantContent.PartnerParameter;
import io.cpimon.simulator.tenant.TenantContent.SecurityArtifact;
import io.cpimon.simulator.tenant.TenantContent.Variable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The security-content, variable, number-range, data store and JMS broker entity sets of one tenant
 * (docs/cpi-api.md §9 to §11): {@code UserCredentials}, {@code OAuth2ClientCredentials}, {@code SecureParameters}
 * (403 when not readable), {@code Variables}, {@code NumberRanges}, {@code DataStores} ({@code overdueonly}), the
 * partner directory's {@code StringParameters} and {@code BinaryParameters} (with {@code $select}: {@code Value} only
 * when selected or nothing is) with {@code $top}, {@code $skip} and {@code $inlinecount}, and the one entity
 * {@code JmsBrokers('Broker1')}. Names, counts and metadata only: never a password, client secret, secure parameter or
 * variable value, nor a data store entry.
 * Runs on the tenant server's event loop.
 */
final class ContentEndpoints {
    /** The entity sets served here, as {@code /Name}. */
    static final Set<String> COLLECTIONS = Set.of("/UserCredentials", "/OAuth2ClientCredentials",
            "/SecureParameters", "/Variables", "/NumberRanges", "/DataStores", "/StringParameters", "/BinaryParameters");
    private static final Set<String> OPTIONS = Set.of("$top", "$skip", "$inlinecount", "$format");
    private static final Set<String> PARTNER_OPTIONS = Set.of("$top", "$skip", "$inlinecount", "$format", "$select");
    private static final Set<String> STRING_FIELDS = Set.of("Pid", "Id", "Value", "CreatedBy", "CreatedTime",
            "LastModifiedBy", "LastModifiedTime");
    private static final Set<String> BINARY_FIELDS = Set.of("Pid", "Id", "Value", "ContentType", "CreatedBy",
            "CreatedTime", "LastModifiedBy", "LastModifiedTime");
    private static final JsonFactory JSON = new JsonFactory();

    private final SimulatedTenant tenant;

    ContentEndpoints(SimulatedTenant tenant) {
        this.tenant = tenant;
    }

    @FunctionalInterface
    private interface Entry<T> {
        void write(JsonGenerator g, T item) throws IOException;
    }

    void collection(Exchange ex, QueryOptions q, String path) {
        boolean partner = path.equals("/StringParameters") || path.equals("/BinaryParameters");
        q.allowOnly(partner ? PARTNER_OPTIONS : OPTIONS);
        q.requireJson(ex.request().getHeader("Accept"));
        TenantContent c = tenant.content();
        String base = tenant.odataContext().apiUrl();
        byte[] body = switch (path) {
            case "/UserCredentials" -> page(q, c.userCredentials(), (g, a) -> security(g, base, "UserCredentials",
                    "com.sap.hci.api.UserCredential", a, true));
            case "/OAuth2ClientCredentials" -> page(q, c.oauth2Clients(), (g, a) -> security(g, base,
                    "OAuth2ClientCredentials", "com.sap.hci.api.OAuth2ClientCredential", a, false));
            case "/SecureParameters" -> {
                if (!c.secureParametersReadable()) {
                    throw new ODataException(403, "Forbidden",
                            "The API client is not authorized to read secure parameters");
                }
                yield page(q, c.secureParameters(), (g, a) -> security(g, base, "SecureParameters",
                        "com.sap.hci.api.SecureParameter", a, false));
            }
            case "/Variables" -> page(q, c.variables(), (g, v) -> variable(g, base, v));
            case "/NumberRanges" -> page(q, c.numberRanges(), (g, n) -> numberRange(g, base, n));
            case "/DataStores" -> page(q, dataStores(q, c), (g, d) -> dataStore(g, base, d));
            case "/StringParameters" -> {
                Set<String> fields = select(q, STRING_FIELDS);
                yield page(q, c.stringParameters(), (g, p) -> parameter(g, base, "StringParameters", p, fields));
            }
            case "/BinaryParameters" -> {
                Set<String> fields = select(q, BINARY_FIELDS);
                yield page(q, c.binaryParameters(), (g, p) -> parameter(g, base, "BinaryParameters", p, fields));
            }
            default -> throw ODataException.notFound("Resource not found for the segment '" + path + "'");
        };
        ex.sendData(200, Exchange.JSON, body);
    }

    /** {@code /JmsBrokers('Broker1')}: the one broker entity; 404 for another key or a tenant without a broker. */
    void jmsBroker(Exchange ex, QueryOptions q, String key, String sub) {
        q.allowOnly(Set.of("$format", "$select"));
        q.requireJson(ex.request().getHeader("Accept"));
        JmsBroker b = tenant.content().jmsBroker();
        if (!"Broker1".equals(key) || b == null || !sub.isEmpty()) {
            throw ODataException.notFound("JMS broker '" + key + "' not found");
        }
        String uri = tenant.odataContext().apiUrl() + "/JmsBrokers('Broker1')";
        ex.sendData(200, Exchange.JSON, json(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("d");
            metadata(g, uri, "com.sap.hci.api.JmsBroker");
            g.writeStringField("Key", "Broker1");
            // Edm.Int64 values are JSON strings in OData V2, Edm.Int32 values numbers (docs/cpi-api.md §10)
            g.writeStringField("Capacity", Long.toString(b.capacity()));
            g.writeStringField("MaxCapacity", Long.toString(b.maxCapacity()));
            g.writeNumberField("IsTransactedSessionsHigh", b.transactedSessionsHigh() ? 1 : 0);
            g.writeNumberField("IsConsumersHigh", b.consumersHigh() ? 1 : 0);
            g.writeNumberField("IsProducersHigh", b.producersHigh() ? 1 : 0);
            g.writeNumberField("MaxQueueNumber", b.maxQueueNumber());
            g.writeNumberField("QueueNumber", b.queueNumber());
            g.writeNumberField("CapacityOk", b.capacityOk());
            g.writeNumberField("CapacityWarning", b.capacityWarning());
            g.writeNumberField("CapacityError", b.capacityError());
            g.writeObjectFieldStart("QueueStates");
            g.writeObjectFieldStart("__deferred");
            g.writeStringField("uri", uri + "/QueueStates");
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        }));
    }

    /** {@code overdueonly=true} keeps the stores holding overdue entries; any value but true or false is a 400. */
    private static List<DataStore> dataStores(QueryOptions q, TenantContent c) {
        String overdueOnly = q.get("overdueonly");
        if (overdueOnly != null && !"true".equals(overdueOnly) && !"false".equals(overdueOnly)) {
            throw ODataException.badRequest("Invalid value '" + overdueOnly + "' for overdueonly");
        }
        List<DataStore> all = c.dataStores();
        return "true".equals(overdueOnly) ? all.stream().filter(d -> d.overdue() > 0).toList() : all;
    }

    private static void dataStore(JsonGenerator g, String base, DataStore d) throws IOException {
        g.writeStartObject();
        metadata(g, base + "/DataStores(DataStoreName='" + key(d.name()) + "',IntegrationFlow='" + key(d.iflow())
                + "',Type='" + key(d.type()) + "')", "com.sap.hci.api.DataStore");
        g.writeStringField("DataStoreName", d.name());
        g.writeStringField("IntegrationFlow", d.iflow());
        g.writeStringField("Type", d.type());
        g.writeStringField("Visibility", d.visibility());
        // Edm.Int64 values are JSON strings in OData V2 (docs/cpi-api.md §10)
        g.writeStringField("NumberOfMessages", Long.toString(d.messages()));
        g.writeStringField("NumberOfOverdueMessages", Long.toString(d.overdue()));
        g.writeEndObject();
    }

    /** The fields {@code $select} names (all without it); an unknown field is a 400, as on a tenant. */
    private static Set<String> select(QueryOptions q, Set<String> known) {
        String select = q.get("$select");
        if (select == null || select.isBlank()) {
            return known;
        }
        Set<String> fields = Set.copyOf(Arrays.stream(select.split(",")).map(String::trim).toList());
        for (String f : fields) {
            if (!known.contains(f)) {
                throw ODataException.badRequest("Property '" + f + "' not found in $select");
            }
        }
        return fields;
    }

    private static void parameter(JsonGenerator g, String base, String set, PartnerParameter p, Set<String> fields)
            throws IOException {
        g.writeStartObject();
        metadata(g, base + "/" + set + "(Pid='" + key(p.pid()) + "',Id='" + key(p.id()) + "')", "com.sap.hci.api."
                + set.substring(0, set.length() - 1));
        g.writeStringField("Pid", p.pid());
        g.writeStringField("Id", p.id());
        if (fields.contains("Value")) {
            g.writeStringField("Value", p.value());
        }
        if (fields.contains("ContentType") && set.startsWith("Binary")) {
            g.writeStringField("ContentType", p.contentType());
        }
        if (fields.contains("LastModifiedTime")) {
            g.writeStringField("LastModifiedTime", date(p.lastModified()));
        }
        if (fields.contains("LastModifiedBy")) {
            g.writeStringField("LastModifiedBy", "S0023456789");
        }
        g.writeEndObject();
    }

    private static <T> byte[] page(QueryOptions q, List<T> all, Entry<T> entry) {
        int total = all.size();
        Integer skip = q.nonNegative("$skip");
        Integer top = q.nonNegative("$top");
        int s = skip == null ? 0 : Math.min(skip, total);
        int e = top == null ? total : (int) Math.min((long) s + top, total);
        List<T> page = all.subList(s, e);
        return json(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("d");
            if (q.inlineCount()) {
                g.writeStringField("__count", Integer.toString(total));
            }
            g.writeArrayFieldStart("results");
            for (T item : page) {
                entry.write(g, item);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private static void security(JsonGenerator g, String base, String set, String type, SecurityArtifact a,
                                 boolean user) throws IOException {
        g.writeStartObject();
        metadata(g, base + "/" + set + "('" + key(a.name()) + "')", type);
        g.writeStringField("Name", a.name());
        if (user) {
            g.writeStringField("Kind", "default");
            g.writeStringField("User", "technical_user");
        }
        g.writeStringField("Description", a.description());
        g.writeStringField("DeployedBy", "S0023456789");
        g.writeStringField("DeployedOn", date(a.deployedOn()));
        g.writeStringField("Status", "DEPLOYED");
        g.writeEndObject();
    }

    private static void variable(JsonGenerator g, String base, Variable v) throws IOException {
        g.writeStartObject();
        metadata(g, base + "/Variables(VariableName='" + key(v.name()) + "',IntegrationFlow='" + key(v.iflow()) + "')",
                "com.sap.hci.api.Variable");
        g.writeStringField("VariableName", v.name());
        g.writeStringField("IntegrationFlow", v.iflow());
        g.writeStringField("Visibility", v.visibility());
        g.writeStringField("UpdatedAt", date(v.updatedAt()));
        g.writeStringField("RetainUntil", date(v.retainUntil()));
        g.writeEndObject();
    }

    private static void numberRange(JsonGenerator g, String base, NumberRange n) throws IOException {
        g.writeStartObject();
        metadata(g, base + "/NumberRanges('" + key(n.name()) + "')", "com.sap.hci.api.NumberRange");
        g.writeStringField("Name", n.name());
        g.writeStringField("Description", n.description());
        g.writeStringField("MaxValue", Long.toString(n.max()));
        g.writeStringField("MinValue", Long.toString(n.min()));
        g.writeStringField("Rotate", Boolean.toString(n.rotate()));
        g.writeStringField("CurrentValue", Long.toString(n.current()));
        g.writeStringField("FieldLength", Integer.toString(Long.toString(n.max()).length()));
        g.writeStringField("DeployedBy", "S0023456789");
        g.writeEndObject();
    }

    private static String key(String name) {
        return URLEncoder.encode(name.replace("'", "''"), StandardCharsets.UTF_8);
    }

    private static String date(Instant t) {
        return t == null ? null : ODataWriter.date(t);
    }

    private static void metadata(JsonGenerator g, String uri, String type) throws IOException {
        g.writeObjectFieldStart("__metadata");
        g.writeStringField("id", uri);
        g.writeStringField("uri", uri);
        g.writeStringField("type", type);
        g.writeEndObject();
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] json(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
