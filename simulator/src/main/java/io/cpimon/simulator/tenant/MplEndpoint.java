package io.cpimon.simulator.tenant;

import io.cpimon.simulator.odata.ODataException;
import io.cpimon.simulator.odata.QueryOptions;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The MessageProcessingLogs entity set of one tenant (docs/cpi-api.md): the collection with its paging
 * ({@code __next} after {@code pageCap} entries), {@code $count}, one entry, and the entry's ErrorInformation,
 * CustomHeaderProperties and empty navigation collections. Queries are evaluated by {@link MplQuery} over the
 * tenant's current view, through its {@link QueryCache}. Runs on the tenant server's event loop.
 */
final class MplEndpoint {

    private static final Set<String> COLLECTION_OPTIONS = Set.of("$filter", "$orderby", "$top", "$skip", "$skiptoken",
            "$inlinecount", "$select", "$expand", "$format");
    private static final Set<String> ENTITY_OPTIONS = Set.of("$select", "$expand", "$format");

    private final SimulatedTenant tenant;

    MplEndpoint(SimulatedTenant tenant) {
        this.tenant = tenant;
    }

    void collection(Exchange ex, QueryOptions q) {
        q.allowOnly(COLLECTION_OPTIONS);
        q.requireJson(ex.request().getHeader("Accept"));
        boolean count = q.inlineCount();
        Integer top = q.nonNegative("$top");
        Integer skip = q.nonNegative("$skip");
        Integer skiptoken = q.nonNegative("$skiptoken");
        ODataWriter.MplOptions options = options(q, ex.wrongTypes());
        MplQuery.Result result = evaluate(q.get("$filter"), q.get("$orderby"), q.get("filterCustomHeaderProperties"));
        MplQuery.Page page = MplQuery.page(result, top, skip, skiptoken, tenant.pageCap(), count);
        String next = page.nextSkiptoken() == null ? null
                : q.nextLink(tenant.apiUrl() + "/MessageProcessingLogs", page.nextSkiptoken());
        tenant.recordServed(page.entries());
        ODataWriter.Context context = tenant.odataContext();
        ex.sendData(200, Exchange.JSON, ODataWriter.mplCollection(tenant.mplJsonCache().json(context, page.entries(),
                options), page.count(), next, options.wrongTypes()));
    }

    /** {@code /MessageProcessingLogs/$count}: the size of the filtered set within {@code $skip}/{@code $top}. */
    void count(Exchange ex, QueryOptions q) {
        q.allowOnly(Set.of("$filter", "$top", "$skip"));
        MplQuery.Result result = evaluate(q.get("$filter"), null, q.get("filterCustomHeaderProperties"));
        int size = result.size();
        Integer skip = q.nonNegative("$skip");
        Integer top = q.nonNegative("$top");
        int s = skip == null ? 0 : Math.min(skip, size);
        int n = top == null ? size - s : Math.min(top, size - s);
        ex.sendText(200, Integer.toString(n));
    }

    /** {@code /MessageProcessingLogs('<guid>')<sub>}. */
    void entity(Exchange ex, QueryOptions q, String guid, String sub) {
        MplTruth m = tenant.current(guid);
        if (m == null) {
            throw ODataException.notFound("Requested entity could not be found. (MessageProcessingLog '" + guid + "')");
        }
        String accept = ex.request().getHeader("Accept");
        switch (sub) {
            case "", "/" -> {
                q.allowOnly(ENTITY_OPTIONS);
                q.requireJson(accept);
                ODataWriter.MplOptions options = options(q, false);
                tenant.recordServed(List.of(m));
                ex.sendData(200, Exchange.JSON, ODataWriter.mplEntity(tenant.odataContext(), m, options));
            }
            case "/ErrorInformation/$value" -> {
                requireErrorText(m, guid);
                ex.send(200, Exchange.TEXT, m.errorText().getBytes(StandardCharsets.UTF_8));
            }
            case "/ErrorInformation" -> {
                q.allowOnly(Set.of("$format", "$select"));
                q.requireJson(accept);
                requireErrorText(m, guid);
                ex.sendData(200, Exchange.JSON, ODataWriter.errorInformation(tenant.odataContext(), m));
            }
            case "/CustomHeaderProperties" -> {
                q.allowOnly(Set.of("$format", "$inlinecount"));
                q.requireJson(accept);
                ex.sendData(200, Exchange.JSON, ODataWriter.customHeaders(tenant.odataContext(), m,
                        q.inlineCount() ? m.customHeaders().size() : null));
            }
            case "/AdapterAttributes", "/Attachments", "/MessageStoreEntries", "/Runs" -> {
                q.allowOnly(Set.of("$format", "$inlinecount", "$top", "$skip"));
                q.requireJson(accept);
                ex.sendData(200, Exchange.JSON, q.inlineCount()
                        ? "{\"d\":{\"__count\":\"0\",\"results\":[]}}".getBytes(StandardCharsets.UTF_8)
                        : ODataWriter.emptyCollection());
            }
            default -> throw ODataException.notFound("Resource not found for the segment '" + sub + "'");
        }
    }

    private static void requireErrorText(MplTruth m, String guid) {
        if (m.errorText() == null) {
            throw ODataException.notFound("No error information available for MessageProcessingLog '" + guid + "'");
        }
    }

    /**
     * The result of a MessageProcessingLogs query over the tenant's current view (see {@link MplQuery}), with CPI's
     * non-standard {@code filterCustomHeaderProperties='name' eq 'value'} option when given.
     */
    private MplQuery.Result evaluate(String filter, String orderby, String customHeaderFilter) {
        MplQuery query = MplQuery.parse(filter, orderby, customHeaderFilter);
        MplLedger.View view = tenant.view();
        return tenant.queryCache().get(query.key(), view, () -> query.evaluate(view));
    }

    /** {@code $select} and {@code $expand} of an MPL response; 400 for unknown properties. */
    private static ODataWriter.MplOptions options(QueryOptions q, boolean wrongTypes) {
        Set<String> select = null;
        String sel = q.get("$select");
        if (sel != null && !sel.isBlank() && !sel.trim().equals("*")) {
            select = new LinkedHashSet<>();
            for (String s : sel.split(",")) {
                String p = s.trim();
                if (!ODataWriter.MPL_PROPERTIES.contains(p) && !ODataWriter.MPL_NAVIGATION.contains(p)) {
                    throw ODataException.badRequest("Property '" + p
                            + "' in $select does not exist on MessageProcessingLog");
                }
                select.add(p);
            }
        }
        boolean expand = false;
        String exp = q.get("$expand");
        if (exp != null && !exp.isBlank()) {
            for (String s : exp.split(",")) {
                String p = s.trim();
                if (!p.equals("CustomHeaderProperties")) {
                    throw ODataException.badRequest("$expand of '" + p
                            + "' is not supported (CustomHeaderProperties only)");
                }
                expand = true;
            }
        }
        return new ODataWriter.MplOptions(select, expand, wrongTypes);
    }
}
