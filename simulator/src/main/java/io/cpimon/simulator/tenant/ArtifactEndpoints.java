package io.cpimon.simulator.tenant;

import io.cpimon.simulator.odata.FilterParser;
import io.cpimon.simulator.odata.ODataException;
import io.cpimon.simulator.odata.Property;
import io.cpimon.simulator.odata.QueryOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The IntegrationRuntimeArtifacts and KeystoreEntries entity sets of one tenant (docs/cpi-api.md): collections
 * with {@code $filter}, {@code $top}, {@code $skip}, {@code $inlinecount} (artifacts also {@code $select} and
 * {@code $orderby}), single entries, and an artifact's ErrorInformation value. Runs on the tenant server's event
 * loop.
 */
final class ArtifactEndpoints {

    private static final FilterParser<RuntimeArtifact> ARTIFACT_FILTER = new FilterParser<>(Map.of(
            "Id", Property.string("Id", RuntimeArtifact::id),
            "Name", Property.string("Name", RuntimeArtifact::name),
            "Version", Property.string("Version", RuntimeArtifact::version),
            "Type", Property.string("Type", RuntimeArtifact::type),
            "DeployedBy", Property.string("DeployedBy", RuntimeArtifact::deployedBy),
            "Status", Property.string("Status", RuntimeArtifact::status)));
    private static final FilterParser<KeystoreEntry> KEYSTORE_FILTER = new FilterParser<>(Map.of(
            "Alias", Property.string("Alias", KeystoreEntry::alias),
            "Hexalias", Property.string("Hexalias", KeystoreEntry::hexalias),
            "Type", Property.string("Type", KeystoreEntry::type),
            "Owner", Property.string("Owner", KeystoreEntry::owner),
            "ValidNotBefore", Property.datetime("ValidNotBefore", KeystoreEntry::validNotBefore),
            "ValidNotAfter", Property.datetime("ValidNotAfter", KeystoreEntry::validNotAfter)));
    private static final Set<String> ARTIFACT_PROPERTIES = Set.of("Id", "Version", "Name", "Type", "DeployedBy",
            "DeployedOn", "Status", "ErrorInformation");

    private final SimulatedTenant tenant;

    ArtifactEndpoints(SimulatedTenant tenant) {
        this.tenant = tenant;
    }

    void artifactCollection(Exchange ex, QueryOptions q) {
        q.allowOnly(Set.of("$filter", "$select", "$top", "$skip", "$inlinecount", "$orderby", "$format"));
        q.requireJson(ex.request().getHeader("Accept"));
        Set<String> select = artifactSelect(q);
        List<RuntimeArtifact> all = new ArrayList<>(tenant.artifacts());
        String filter = q.get("$filter");
        if (filter != null && !filter.isBlank()) {
            Predicate<RuntimeArtifact> p = ARTIFACT_FILTER.parse(filter);
            all.removeIf(p.negate());
        }
        String orderby = q.get("$orderby");
        if (orderby != null && !orderby.isBlank()) {
            String[] w = orderby.trim().split("\\s+");
            Comparator<RuntimeArtifact> c = switch (w[0]) {
                case "Id" -> Comparator.comparing(RuntimeArtifact::id);
                case "Name" -> Comparator.comparing(RuntimeArtifact::name);
                case "Status" -> Comparator.comparing(RuntimeArtifact::status);
                default -> throw ODataException.badRequest("Invalid order by expression '" + orderby + "'");
            };
            if (w.length > 1 && w[1].equals("desc")) {
                c = c.reversed();
            }
            all.sort(c);
        }
        List<RuntimeArtifact> page = window(all, q);
        ex.sendData(200, Exchange.JSON, ODataWriter.artifacts(tenant.odataContext(), page,
                q.inlineCount() ? all.size() : null, select));
    }

    /** {@code /IntegrationRuntimeArtifacts('<id>')<sub>}; 404 when not deployed. */
    void artifactEntity(Exchange ex, QueryOptions q, String id, String sub) {
        RuntimeArtifact a = tenant.artifact(id);
        if (a == null) {
            throw ODataException.notFound("Integration artifact '" + id + "' is not deployed on this runtime");
        }
        switch (sub) {
            case "", "/" -> {
                q.allowOnly(Set.of("$select", "$format"));
                q.requireJson(ex.request().getHeader("Accept"));
                ex.sendData(200, Exchange.JSON, ODataWriter.artifact(tenant.odataContext(), a, artifactSelect(q)));
            }
            case "/ErrorInformation/$value" -> {
                if (a.errorText() == null) {
                    throw ODataException.notFound("No error information for integration artifact '" + id + "'");
                }
                ex.send(200, Exchange.JSON, a.errorText().getBytes(StandardCharsets.UTF_8));
            }
            default -> throw ODataException.notFound("Resource not found for the segment '" + sub + "'");
        }
    }

    void keystoreCollection(Exchange ex, QueryOptions q) {
        q.allowOnly(Set.of("$filter", "$top", "$skip", "$inlinecount", "$format"));
        q.requireJson(ex.request().getHeader("Accept"));
        List<KeystoreEntry> all = new ArrayList<>(tenant.keystoreEntries());
        String filter = q.get("$filter");
        if (filter != null && !filter.isBlank()) {
            Predicate<KeystoreEntry> p = KEYSTORE_FILTER.parse(filter);
            all.removeIf(p.negate());
        }
        List<KeystoreEntry> page = window(all, q);
        ex.sendData(200, Exchange.JSON, ODataWriter.keystoreEntries(tenant.odataContext(), page,
                q.inlineCount() ? all.size() : null));
    }

    /** {@code /KeystoreEntries('<hexalias>')}; 404 when unknown or with a sub-path. */
    void keystoreEntity(Exchange ex, QueryOptions q, String hexalias, String sub) {
        KeystoreEntry k = tenant.keystoreEntries().stream().filter(e -> e.hexalias().equals(hexalias)).findFirst()
                .orElseThrow(() -> ODataException.notFound("Keystore entry with Hexalias '" + hexalias
                        + "' not found"));
        if (!sub.isEmpty()) {
            throw ODataException.notFound("Resource not found for segment '" + sub + "'");
        }
        q.allowOnly(Set.of("$format"));
        q.requireJson(ex.request().getHeader("Accept"));
        ex.sendData(200, Exchange.JSON, ODataWriter.keystoreEntry(tenant.odataContext(), k));
    }

    /** The {@code $skip}/{@code $top} window of {@code all}. */
    private static <T> List<T> window(List<T> all, QueryOptions q) {
        int total = all.size();
        Integer skip = q.nonNegative("$skip");
        Integer top = q.nonNegative("$top");
        int s = skip == null ? 0 : Math.min(skip, total);
        int e = top == null ? total : (int) Math.min((long) s + top, total);
        return all.subList(s, e);
    }

    private static Set<String> artifactSelect(QueryOptions q) {
        String sel = q.get("$select");
        if (sel == null || sel.isBlank() || sel.trim().equals("*")) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String s : sel.split(",")) {
            String p = s.trim();
            if (!ARTIFACT_PROPERTIES.contains(p)) {
                throw ODataException.badRequest("Property '" + p
                        + "' in $select does not exist on IntegrationRuntimeArtifact");
            }
            out.add(p);
        }
        return out;
    }
}
