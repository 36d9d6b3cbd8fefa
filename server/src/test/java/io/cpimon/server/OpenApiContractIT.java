package io.cpimon.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.cpimon.config.CpimonConfig;
import io.cpimon.config.Secret;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The OpenAPI document against the running server (the demo's landscape, tokens configured): the router's routes and
 * the document's operations are the same set, every example validates against its schema, and every GET answers a
 * status the document lists with a body that validates against that response's schema.
 */
class OpenApiContractIT {
    static final String TOKEN = "contract-admin-token-0451";
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    /** Values tried for every query and path parameter; whether each breaks the parameter's schema is computed. */
    static final List<String> BAD_VALUES = List.of("abc", "-1", "99999999999999999999", "2026-02-30T25:00:00Z",
            "x".repeat(3000), "\u0000", "' OR '1'='1", "\u00e9\ud83d\ude00");
    /** Bodies that are no JSON object, or too deep, or too large: each must be refused. */
    static final List<String> BAD_BODIES = List.of("{", "[]", "42", "\"text\"", "null", "{\"a\":",
            "[".repeat(5000) + "]".repeat(5000), "{\"x\":\"" + "y".repeat(2 << 20) + "\"}");
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static RunningCpimon cpimon;
    static JsonNode doc;

    @BeforeAll
    static void start() throws Exception {
        cpimon = new RunningCpimon(c -> new CpimonConfig(
                new CpimonConfig.ServerConfig(c.server().host(), c.server().port(),
                        List.of(new CpimonConfig.TokenConfig("contract", CpimonConfig.Role.ADMIN, Secret.of(TOKEN)))),
                c.database(), c.retention(), c.tenants(), c.pairs(), c.rules(), c.channels(), c.routes(),
                c.forwarding()));
        HttpResponse<String> r = cpimon.get("/openapi.yaml");
        assertThat(r.statusCode()).as("GET /openapi.yaml without a token").isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/yaml"));
        doc = YAMLMapper.builder().build().readTree(r.body());
    }

    @AfterAll
    static void stop() {
        if (cpimon != null) {
            cpimon.close();
        }
    }

    @Test
    void routes_ofTheRouter_areTheOperationsOfTheDocument() {
        Set<String> served = cpimon.server.api().routes();
        Set<String> documented = operations().keySet();
        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        Set<String> notServed = new TreeSet<>(documented);
        notServed.removeAll(served);
        assertThat(undocumented).as("routes the router serves but openapi.yaml does not describe").isEmpty();
        assertThat(notServed).as("operations openapi.yaml describes but the router does not serve").isEmpty();
        assertThat(served).contains("GET /api/v1/alerts/{id}", "POST /api/v1/silences", "GET /openapi.yaml");
    }

    @Test
    void examples_validateAgainstTheirSchemas() {
        List<String> failures = new ArrayList<>();
        int checked = examples(doc, "", failures);
        assertThat(failures).as("examples that break their schema").isEmpty();
        assertThat(checked).as("examples found").isGreaterThan(40);
    }

    @Test
    void validator_refusesAValueThatBreaksItsSchema() {
        JsonNode tenantWithoutId = JSON.readTree("{\"name\":\"x\"}");
        JsonNode schema = JSON.readTree("{\"$ref\":\"#/components/schemas/Tenant\"}");
        assertThat(errors(schema, tenantWithoutId)).anySatisfy(e -> assertThat(e).contains("id"));
        JsonNode badLimit = JSON.readTree("{\"$ref\":\"#/components/parameters/limit/schema\"}");
        assertThat(errors(badLimit, JSON.readTree("0"))).isNotEmpty();
    }

    @Test
    void everyGet_answersADocumentedStatusWithABodyOfItsSchema() throws Exception {
        List<String> failures = new ArrayList<>();
        int called = 0;
        for (Map.Entry<String, JsonNode> op : operations().entrySet()) {
            String[] methodAndPath = op.getKey().split(" ", 2);
            JsonNode ok = resolve(op.getValue().path("responses").path("200"));
            if (!methodAndPath[0].equals("GET") || ok.path("content").has("text/event-stream")) {
                continue;
            }
            String path = withExamples(methodAndPath[1], op.getValue());
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(cpimon.url(path)))
                    .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
            called++;
            String where = "GET " + path + " → " + r.statusCode();
            JsonNode response = response(op.getValue(), r.statusCode());
            if (response == null) {
                failures.add(where + ": status not documented");
                continue;
            }
            String type = r.headers().firstValue("Content-Type").orElse("").split(";")[0].trim()
                    .toLowerCase(Locale.ROOT);
            JsonNode media = response.path("content").path(type);
            if (media.isMissingNode()) {
                failures.add(where + ": Content-Type " + type + " not documented");
            } else if (type.endsWith("json")) {
                errors(media.path("schema"), JSON.readTree(r.body())).forEach(e -> failures.add(where + ": " + e));
            }
        }
        assertThat(failures).as("answers that differ from openapi.yaml").isEmpty();
        assertThat(called).isGreaterThan(15);
    }

    /**
     * Every documented operation, driven with a bad value per query and path parameter and with bad bodies: never a
     * 5xx; every 4xx is problem+json with a detail; a value that breaks the parameter's schema is a 400 naming it.
     */
    @Test
    void everyOperation_badParametersAndBodies_problemNamingIt_never5xx() throws Exception {
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (Map.Entry<String, JsonNode> op : operations().entrySet()) {
            String method = op.getKey().split(" ", 2)[0];
            String template = op.getKey().split(" ", 2)[1];
            if (template.equals("/api/v1/events")) {
                continue; // a stream: it has no query or path parameter, and its answer never ends
            }
            for (JsonNode p : op.getValue().path("parameters")) {
                JsonNode parameter = resolve(p);
                String in = parameter.path("in").asString();
                if (!in.equals("query") && !in.equals("path")) {
                    continue;
                }
                String name = parameter.path("name").asString();
                for (String value : BAD_VALUES) {
                    if (in.equals("path") && value.isEmpty()) {
                        continue;
                    }
                    String path = withExamples(in.equals("path") ? template.replace("{" + name + "}",
                            URLEncoder.encode(value, StandardCharsets.UTF_8)) : template, op.getValue());
                    String url = in.equals("query")
                            ? path + "?" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8) : path;
                    HttpResponse<String> r = send(method, url, null);
                    sent++;
                    String where = method + " " + url.substring(0, Math.min(url.length(), 120)) + " → "
                            + r.statusCode();
                    boolean breaks = !value.isEmpty() && !errors(parameter.path("schema"), asParameter(value,
                            parameter.path("schema"))).isEmpty();
                    checkProblem(r, where, breaks ? name : null, failures);
                }
            }
            if (op.getValue().has("requestBody")) {
                String path = withExamples(template, op.getValue());
                for (String body : BAD_BODIES) {
                    HttpResponse<String> r = send(method, path, body);
                    sent++;
                    String where = method + " " + path + " body " + body.substring(0, Math.min(body.length(), 20))
                            + " → " + r.statusCode();
                    if (r.statusCode() < 400) {
                        failures.add(where + ": accepted");
                    }
                    checkProblem(r, where, null, failures);
                }
                JsonNode media = resolve(op.getValue().get("requestBody")).path("content").path("application/json");
                JsonNode schema = resolve(media.path("schema"));
                JsonNode example = resolve(media.path("examples").properties().iterator().next().getValue())
                        .path("value");
                for (Map.Entry<String, JsonNode> member : schema.path("properties").properties()) {
                    ObjectNode bad = ((ObjectNode) example).deepCopy();
                    bad.set(member.getKey(), wrongType(resolve(member.getValue())));
                    HttpResponse<String> r = send(method, path, JSON.writeValueAsString(bad));
                    sent++;
                    String where = method + " " + path + " with " + member.getKey() + "=" + bad.get(member.getKey())
                            + " → " + r.statusCode();
                    if (r.statusCode() < 400) {
                        failures.add(where + ": accepted");
                    }
                    checkProblem(r, where, member.getKey(), failures);
                }
            }
        }
        assertThat(failures).as("answers to bad input").isEmpty();
        assertThat(sent).isGreaterThan(300);
    }

    /** A 5xx, or a 4xx that is not a problem with a detail (naming {@code parameter} when not null), is a failure. */
    static void checkProblem(HttpResponse<String> r, String where, String parameter, List<String> failures) {
        if (r.statusCode() >= 500) {
            failures.add(where + ": server error " + r.body());
            return;
        }
        if (r.statusCode() < 400) {
            if (parameter != null) {
                failures.add(where + ": a value that breaks the schema of " + parameter + " was accepted");
            }
            return;
        }
        if (!r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            failures.add(where + ": not problem+json");
            return;
        }
        JsonNode problem = JSON.readTree(r.body());
        if (problem.path("detail").asString().isBlank() || r.body().contains("Exception")) {
            failures.add(where + ": no clear detail: " + r.body());
        }
        if (parameter != null && r.statusCode() == 400 && !parameter.equals(problem.path("parameter").asString())) {
            failures.add(where + ": parameter is not named " + parameter + ": " + r.body());
        }
    }

    static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cpimon.url(path)))
                .header("Authorization", "Bearer " + TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A query or path parameter's text as the JSON value its schema speaks of (a number for an integer). */
    static JsonNode asParameter(String value, JsonNode schema) {
        String type = resolve(schema).path("type").asString();
        if (type.equals("integer") || type.equals("number")) {
            try {
                return JSON.readTree(value).isNumber() ? JSON.readTree(value) : JSON.getNodeFactory().stringNode(value);
            } catch (RuntimeException notANumber) {
                return JSON.getNodeFactory().stringNode(value);
            }
        }
        if (type.equals("boolean") && (value.equals("true") || value.equals("false"))) {
            return JSON.getNodeFactory().booleanNode(Boolean.parseBoolean(value));
        }
        return JSON.getNodeFactory().stringNode(value);
    }

    /** A value of another JSON type than the schema's. */
    static JsonNode wrongType(JsonNode schema) {
        return switch (schema.path("type").asString()) {
            case "string" -> JSON.getNodeFactory().numberNode(42);
            case "array" -> JSON.getNodeFactory().stringNode("not a list");
            default -> schema.has("oneOf") ? JSON.getNodeFactory().booleanNode(true)
                    : JSON.getNodeFactory().stringNode("not this type");
        };
    }

    /** Every operation as {@code METHOD /path}, in document order. */
    static Map<String, JsonNode> operations() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (METHODS.contains(op.getKey())) {
                    out.put(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), op.getValue());
                }
            }
        }
        return out;
    }

    /** The response an operation documents for {@code status}: exact, then {@code 4XX}, then default. */
    static JsonNode response(JsonNode op, int status) {
        JsonNode responses = op.path("responses");
        for (String key : List.of(Integer.toString(status), status / 100 + "XX", "default")) {
            if (responses.has(key)) {
                return resolve(responses.get(key));
            }
        }
        return null;
    }

    /** The path with each path parameter replaced by its example, and no query. */
    static String withExamples(String template, JsonNode op) {
        String path = template;
        for (JsonNode p : op.path("parameters")) {
            JsonNode parameter = resolve(p);
            if (parameter.path("in").asString().equals("path")) {
                path = path.replace("{" + parameter.path("name").asString() + "}",
                        URLEncoder.encode(parameter.path("example").asString(), StandardCharsets.UTF_8));
            }
        }
        return path;
    }

    /**
     * Validates every example under {@code node} (media types' {@code examples}/{@code example}, parameters'
     * {@code example}) against its sibling {@code schema}; returns how many it checked.
     */
    static int examples(JsonNode node, String pointer, List<String> failures) {
        int checked = 0;
        if (node.isObject() && node.has("schema")) {
            JsonNode schema = node.get("schema");
            if (node.has("example")) {
                checked++;
                errors(schema, node.get("example")).forEach(e -> failures.add(pointer + "/example: " + e));
            }
            for (Map.Entry<String, JsonNode> e : node.path("examples").properties()) {
                JsonNode example = resolve(e.getValue());
                if (example.has("value")) {
                    checked++;
                    errors(schema, example.get("value"))
                            .forEach(x -> failures.add(pointer + "/examples/" + e.getKey() + ": " + x));
                }
            }
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!e.getKey().equals("examples") && !e.getKey().equals("schema")) {
                    checked += examples(e.getValue(), pointer + "/" + e.getKey(), failures);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checked += examples(node.get(i), pointer + "/" + i, failures);
            }
        }
        return checked;
    }

    /** A local {@code $ref} (to components) followed; anything else as it is. */
    static JsonNode resolve(JsonNode node) {
        JsonNode n = node;
        while (n.has("$ref") && n.get("$ref").asString().startsWith("#/")) {
            n = doc.at(n.get("$ref").asString().substring(1));
        }
        return n;
    }

    /** What is wrong with {@code value} under {@code schema}, whose references point into the document's components. */
    static List<String> errors(JsonNode schema, JsonNode value) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("components", doc.get("components"));
        root.set("allOf", JSON.createArrayNode().add(schema));
        return SCHEMAS.getSchema(root).validate(value).stream().map(Object::toString).toList();
    }
}
