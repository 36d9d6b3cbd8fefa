package io.cpimon.simulator.tenant;

import io.cpimon.simulator.odata.FilterParser;
import io.cpimon.simulator.odata.ODataException;
import io.cpimon.simulator.odata.Property;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One query on the MessageProcessingLogs collection ({@code $filter}, {@code $orderby}, CPI's
 * {@code filterCustomHeaderProperties}), validated when parsed, and its evaluation over a {@link MplLedger.View}.
 *
 * <p>The result is defined by {@link #evaluateBySorting}: the view's entries in creation order that match,
 * sorted by the {@code $orderby} keys (nulls first ascending, last descending) with ties broken by MessageGuid
 * ascending; without {@code $orderby}, creation order. {@link #evaluate} produces the same list lazily and, for
 * the poller's query shape ({@code $orderby=LogEnd …}, {@code LogEnd ge|gt|eq|le|lt datetime'…'} in the
 * top-level conjunction of {@code $filter}), without sorting or testing every entry: it walks the view's LogEnd
 * index ({@link MplLedger.View#byLogEnd()}) from a binary-searched start, and stops when the caller has what it
 * asked for. Immutable and thread-safe; a {@link Result} is thread-safe.
 */
final class MplQuery {

    private static final Pattern CUSTOM_HEADER_FILTER = Pattern.compile("^\\s*'((?:[^']|'')*)'\\s+eq\\s+'((?:[^']|'')*)'\\s*$");
    static final Map<String, Property<MplTruth>> PROPERTIES = properties();
    private static final FilterParser<MplTruth> FILTER = new FilterParser<>(PROPERTIES);
    private static final Map<String, Function<MplTruth, Comparable<?>>> ORDER = Map.of(
            "LogEnd", MplTruth::logEnd,
            "LogStart", MplTruth::logStart,
            "Status", MplTruth::status,
            "ApplicationMessageId", MplTruth::applicationMessageId);

    private final String key;
    /** null: every entry. */
    private final Predicate<MplTruth> predicate;
    /** The $orderby keys then MessageGuid; null without $orderby (creation order). */
    private final Comparator<MplTruth> order;
    /** The first $orderby key is LogEnd. */
    private final boolean logEndFirst;
    private final boolean logEndDesc;
    /** $orderby has keys after the first one. */
    private final boolean moreKeys;
    /** The LogEnd comparisons of the filter's top-level conjunction (ne excluded). */
    private final List<FilterParser.Bound> logEndBounds;

    private MplQuery(String key, Predicate<MplTruth> predicate, Comparator<MplTruth> order, boolean logEndFirst,
            boolean logEndDesc, boolean moreKeys, List<FilterParser.Bound> logEndBounds) {
        this.key = key;
        this.predicate = predicate;
        this.order = order;
        this.logEndFirst = logEndFirst;
        this.logEndDesc = logEndDesc;
        this.moreKeys = moreKeys;
        this.logEndBounds = logEndBounds;
    }

    private static Map<String, Property<MplTruth>> properties() {
        Map<String, Property<MplTruth>> m = new LinkedHashMap<>();
        m.put("LogStart", Property.datetime("LogStart", MplTruth::logStart));
        m.put("LogEnd", Property.datetime("LogEnd", MplTruth::logEnd));
        m.put("Status", Property.string("Status", MplTruth::status));
        m.put("CustomStatus", Property.string("CustomStatus", MplTruth::customStatus));
        m.put("IntegrationArtifact/Id", Property.string("IntegrationArtifact/Id", MplTruth::artifactId));
        m.put("IntegrationArtifact/Name", Property.string("IntegrationArtifact/Name", MplTruth::artifactName));
        m.put("IntegrationArtifact/PackageId", Property.string("IntegrationArtifact/PackageId", MplTruth::packageId));
        m.put("IntegrationArtifact/PackageName", Property.string("IntegrationArtifact/PackageName", MplTruth::packageName));
        m.put("IntegrationFlowName", Property.string("IntegrationFlowName", MplTruth::artifactId));
        m.put("ApplicationMessageId", Property.string("ApplicationMessageId", MplTruth::applicationMessageId));
        m.put("ApplicationMessageType", Property.string("ApplicationMessageType", MplTruth::applicationMessageType));
        m.put("CorrelationId", Property.string("CorrelationId", MplTruth::correlationId));
        m.put("MessageGuid", Property.string("MessageGuid", MplTruth::messageGuid));
        m.put("Sender", Property.string("Sender", MplTruth::sender));
        m.put("Receiver", Property.string("Receiver", MplTruth::receiver));
        m.put("LogLevel", Property.string("LogLevel", MplTruth::logLevel));
        return Map.copyOf(m);
    }

    /**
     * Parses and validates the options (each may be null); throws {@link ODataException} 400 naming the first
     * problem, checked in this order: {@code $filter}, {@code filterCustomHeaderProperties}, {@code $orderby}.
     */
    static MplQuery parse(String filter, String orderby, String customHeaderFilter) {
        FilterParser.Filter<MplTruth> parsed = filter == null || filter.isBlank() ? null : FILTER.parse(filter);
        Predicate<MplTruth> predicate = parsed;
        if (customHeaderFilter != null) {
            Matcher chf = CUSTOM_HEADER_FILTER.matcher(customHeaderFilter);
            if (!chf.matches()) {
                throw ODataException.badRequest("Invalid filterCustomHeaderProperties '" + customHeaderFilter
                        + "' (expected 'name' eq 'value')");
            }
            String name = chf.group(1).replace("''", "'");
            String value = chf.group(2).replace("''", "'");
            Predicate<MplTruth> header = m -> value.equals(m.customHeaders().get(name));
            predicate = predicate == null ? header : predicate.and(header);
        }
        Comparator<MplTruth> c = null;
        boolean logEndFirst = false;
        boolean logEndDesc = false;
        int keys = 0;
        if (orderby != null && !orderby.isBlank()) {
            for (String part : orderby.split(",")) {
                String[] words = part.trim().split("\\s+");
                if (words.length == 0 || words.length > 2 || words[0].isEmpty()) {
                    throw ODataException.badRequest("Invalid order by expression '" + orderby + "'");
                }
                Function<MplTruth, Comparable<?>> key = ORDER.get(words[0]);
                if (key == null) {
                    throw ODataException.badRequest("Invalid order by expression: property '" + words[0]
                            + "' cannot be used in $orderby (LogEnd, LogStart, Status, ApplicationMessageId)");
                }
                boolean desc = false;
                if (words.length == 2) {
                    if (words[1].equals("desc")) {
                        desc = true;
                    } else if (!words[1].equals("asc")) {
                        throw ODataException.badRequest("Invalid order by expression '" + orderby + "'");
                    }
                }
                if (keys == 0) {
                    logEndFirst = words[0].equals("LogEnd");
                    logEndDesc = desc;
                }
                keys++;
                @SuppressWarnings({"unchecked", "rawtypes"})
                Comparator<MplTruth> one = Comparator.comparing((Function) key, Comparator.nullsFirst(Comparator.naturalOrder()));
                if (desc) {
                    one = one.reversed();
                }
                c = c == null ? one : c.thenComparing(one);
            }
        }
        Comparator<MplTruth> order = c == null ? null : c.thenComparing(MplTruth::messageGuid);
        List<FilterParser.Bound> logEndBounds = parsed == null ? List.of() : parsed.bounds().stream()
                .filter(b -> b.property().equals("LogEnd") && !b.op().equals("ne") && b.value() instanceof Instant)
                .toList();
        String key = (filter == null ? "" : filter) + "\u0000" + (orderby == null ? "" : orderby) + "\u0000"
                + (customHeaderFilter == null ? "" : customHeaderFilter);
        return new MplQuery(key, predicate, order, logEndFirst, logEndDesc, keys > 1, logEndBounds);
    }

    /** Identifies the query (same key, same result over the same view). */
    String key() {
        return key;
    }

    private boolean matches(MplTruth m) {
        return predicate == null || predicate.test(m);
    }

    /** The definition of the result: filter every entry in creation order, then sort all matches. */
    List<MplTruth> evaluateBySorting(MplLedger.View view) {
        List<MplTruth> out = new ArrayList<>();
        for (MplTruth m : view.current) {
            if (matches(m)) {
                out.add(m);
            }
        }
        if (order != null) {
            out.sort(order);
        }
        return List.copyOf(out);
    }

    /** The same list as {@link #evaluateBySorting}, produced as far as the caller asks. */
    Result evaluate(MplLedger.View view) {
        if (order == null) {
            List<MplTruth> all = view.current;
            return new Result(new Source() {
                int i;

                @Override
                MplTruth next() {
                    while (i < all.size()) {
                        MplTruth m = all.get(i++);
                        if (matches(m)) {
                            return m;
                        }
                    }
                    return null;
                }
            });
        }
        if (!logEndFirst && logEndBounds.isEmpty()) {
            return Result.of(evaluateBySorting(view));
        }
        MplTruth[] sorted = view.byLogEnd();
        int lo = 0;
        int hi = sorted.length;
        if (!logEndBounds.isEmpty()) {
            // every bound is false for a null LogEnd
            lo = firstWhere(sorted, null, false);
            for (FilterParser.Bound b : logEndBounds) {
                Instant t = (Instant) b.value();
                switch (b.op()) {
                    case "ge" -> lo = Math.max(lo, firstWhere(sorted, t, false));
                    case "gt" -> lo = Math.max(lo, firstWhere(sorted, t, true));
                    case "le" -> hi = Math.min(hi, firstWhere(sorted, t, true));
                    case "lt" -> hi = Math.min(hi, firstWhere(sorted, t, false));
                    default -> { // eq
                        lo = Math.max(lo, firstWhere(sorted, t, false));
                        hi = Math.min(hi, firstWhere(sorted, t, true));
                    }
                }
            }
            hi = Math.max(lo, hi);
        }
        if (!logEndFirst) {
            // another order: sort the matches of the LogEnd range only
            List<MplTruth> out = new ArrayList<>();
            for (int i = lo; i < hi; i++) {
                if (matches(sorted[i])) {
                    out.add(sorted[i]);
                }
            }
            out.sort(order);
            return Result.of(List.copyOf(out));
        }
        if (!logEndDesc && !moreKeys) {
            int from = lo;
            int to = hi;
            return new Result(new Source() {
                int i = from;

                @Override
                MplTruth next() {
                    while (i < to) {
                        MplTruth m = sorted[i++];
                        if (matches(m)) {
                            return m;
                        }
                    }
                    return null;
                }
            });
        }
        return new Result(new GroupSource(sorted, lo, hi));
    }

    /**
     * One response of the collection: its entries, the {@code $inlinecount} (null when not asked) and the
     * {@code $skiptoken} of its {@code __next} link (null when nothing follows).
     */
    record Page(List<MplTruth> entries, Integer count, Integer nextSkiptoken) {
    }

    /**
     * The response for {@code $skip}, {@code $top}, {@code $skiptoken} (each null when absent) at most {@code cap}
     * entries long, with the inline count when {@code count}: the same as {@link #pageOf} over the whole result,
     * evaluating only the first skip + min(top, skiptoken + cap + 1) entries unless the count is asked. With at
     * least that many the window is the same as with the whole result, "more follow" included.
     */
    static Page page(Result result, Integer top, Integer skip, Integer skiptoken, int cap, boolean count) {
        long wanted = (long) (skip == null ? 0 : skip)
                + Math.min(top == null ? Long.MAX_VALUE : top, (long) (skiptoken == null ? 0 : skiptoken) + cap + 1);
        int size = count ? result.size() : result.available((int) Math.min(Integer.MAX_VALUE, wanted));
        return window(size, top, skip, skiptoken, cap, count, result::slice);
    }

    /** The response over the whole evaluated result (the definition {@link #page} keeps). */
    static Page pageOf(List<MplTruth> all, Integer top, Integer skip, Integer skiptoken, int cap, boolean count) {
        return window(all.size(), top, skip, skiptoken, cap, count, (from, to) -> List.copyOf(all.subList(from, to)));
    }

    private interface Slicer {
        List<MplTruth> slice(int from, int to);
    }

    private static Page window(int size, Integer top, Integer skip, Integer skiptoken, int cap, boolean count, Slicer slicer) {
        int start = skip == null ? 0 : Math.min(skip, size);
        int end = top == null ? size : (int) Math.min((long) start + top, size);
        int from = Math.min(end, start + (skiptoken == null ? 0 : skiptoken));
        int to = Math.min(end, from + cap);
        return new Page(slicer.slice(from, to), count ? size : null, to < end ? to - start : null);
    }

    /**
     * The first index in [0, a.length) whose LogEnd is not null and at least {@code t} (after {@code t} when
     * {@code strict}); {@code t} null: the first non-null LogEnd. {@code a} is sorted by {@link MplLedger#BY_LOG_END}.
     */
    static int firstWhere(MplTruth[] a, Instant t, boolean strict) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            Instant e = a[mid].logEnd();
            boolean holds = e != null && (t == null || (strict ? e.compareTo(t) > 0 : e.compareTo(t) >= 0));
            if (holds) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Yields matches one by one; null when exhausted (and from then on). Used under the Result's lock. */
    private abstract static class Source {
        abstract MplTruth next();
    }

    /**
     * LogEnd descending, or LogEnd then more keys: the index in runs of equal LogEnd (a null LogEnd is a run),
     * runs in $orderby direction, the matches of a run sorted by the whole order. Within a run the index is in
     * MessageGuid order already, so a run needs sorting only when there are more keys.
     */
    private final class GroupSource extends Source {
        private final MplTruth[] sorted;
        private final int lo;
        private final int hi;
        /** Next run: ascending its start, descending its end (exclusive). */
        private int cursor;
        private final List<MplTruth> run = new ArrayList<>();
        private int inRun;

        GroupSource(MplTruth[] sorted, int lo, int hi) {
            this.sorted = sorted;
            this.lo = lo;
            this.hi = hi;
            this.cursor = logEndDesc ? hi : lo;
        }

        @Override
        MplTruth next() {
            while (inRun >= run.size()) {
                run.clear();
                inRun = 0;
                int start;
                int end;
                if (logEndDesc) {
                    if (cursor <= lo) {
                        return null;
                    }
                    end = cursor;
                    start = end - 1;
                    Instant t = sorted[start].logEnd();
                    while (start > lo && Objects.equals(sorted[start - 1].logEnd(), t)) {
                        start--;
                    }
                    cursor = start;
                } else {
                    if (cursor >= hi) {
                        return null;
                    }
                    start = cursor;
                    end = start + 1;
                    Instant t = sorted[start].logEnd();
                    while (end < hi && Objects.equals(sorted[end].logEnd(), t)) {
                        end++;
                    }
                    cursor = end;
                }
                for (int i = start; i < end; i++) {
                    if (matches(sorted[i])) {
                        run.add(sorted[i]);
                    }
                }
                if (moreKeys && run.size() > 1) {
                    run.sort(order);
                }
            }
            return run.get(inRun++);
        }
    }

    /**
     * The result of a query over one view, evaluated as far as asked: {@link #available} and {@link #size} pull
     * matches from the source, {@link #slice} copies what was pulled. Thread-safe.
     */
    static final class Result {
        private final ArrayList<MplTruth> found = new ArrayList<>();
        private Source source;

        private Result(Source source) {
            this.source = source;
        }

        static Result of(List<MplTruth> all) {
            Result r = new Result(null);
            r.found.addAll(all);
            return r;
        }

        /** min(n, size of the whole result), evaluating at most n matches. */
        synchronized int available(int n) {
            while (found.size() < n && source != null) {
                MplTruth m = source.next();
                if (m == null) {
                    source = null;
                } else {
                    found.add(m);
                }
            }
            return Math.min(n, found.size());
        }

        /** The size of the whole result (evaluates it completely). */
        synchronized int size() {
            return available(Integer.MAX_VALUE);
        }

        /** A copy of entries [from, to) of the result; to must be at most what {@link #available} returned. */
        synchronized List<MplTruth> slice(int from, int to) {
            return List.copyOf(found.subList(from, to));
        }

        /** How many matches were pulled so far. */
        synchronized int evaluated() {
            return found.size();
        }

        /** Everything (for tests). */
        synchronized List<MplTruth> all() {
            size();
            return List.copyOf(found);
        }
    }

    @Override
    public String toString() {
        return "MplQuery[" + key.replace('\u0000', '|') + "]";
    }
}
