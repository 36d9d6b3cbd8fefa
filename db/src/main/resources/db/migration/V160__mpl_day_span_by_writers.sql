-- mpl_day_span (V116) is kept by mpl's writers instead of statement triggers. A statement-level AFTER INSERT trigger
-- with a transition table makes PostgreSQL insert row by row into a partitioned table (no multi-row COPY batches):
-- PostgreSQL's CPU per 1,000 rows COPYed into mpl went from ~113 ms without the trigger to ~185 ms with it. The page
-- writer (JdbcMplStore) raises the spans of what it wrote in the same transaction: the COPY path with the page's
-- latest LogEnd per day computed in Java, the upsert from the rows its INSERT … ON CONFLICT returns. Every other
-- writer of mpl rows (retention's moves, bulk loads, tests) calls one of the two functions below.
DROP TRIGGER mpl_day_span_on_insert ON mpl;
DROP TRIGGER mpl_day_span_on_update ON mpl;
DROP FUNCTION mpl_day_span_note();

-- Raises the spans of the (tenant, part_day, LogEnd) triples given (any number per day, null LogEnds ignored) to
-- cover them; never lowers one. Only spans that are raised are written: ON CONFLICT locks the span row it meets, and
-- a write that raises nothing (a replayed page, a row moved by retention) must not wait for another transaction that
-- holds it. ORDER BY: writers that do raise lock the span rows in one order.
CREATE FUNCTION mpl_day_span_raise(tenant_ids text[], part_days date[], log_ends timestamptz[]) RETURNS void
    LANGUAGE sql VOLATILE AS $$
    INSERT INTO mpl_day_span AS s (tenant_id, part_day, max_log_end)
    SELECT w.tenant_id, w.part_day, max(w.log_end)
    FROM unnest(tenant_ids, part_days, log_ends) AS w(tenant_id, part_day, log_end)
    WHERE w.log_end IS NOT NULL AND w.tenant_id IS NOT NULL AND w.part_day IS NOT NULL
    GROUP BY w.tenant_id, w.part_day
    HAVING NOT EXISTS (SELECT 1 FROM mpl_day_span x WHERE x.tenant_id = w.tenant_id AND x.part_day = w.part_day
                       AND x.max_log_end >= max(w.log_end))
    ORDER BY w.tenant_id, w.part_day
    ON CONFLICT (tenant_id, part_day) DO UPDATE SET max_log_end = EXCLUDED.max_log_end
    WHERE s.max_log_end < EXCLUDED.max_log_end;
$$;

-- Raises the spans to cover every stored row of mpl (one scan of it): for bulk loads and tests that write mpl
-- directly. Returns the number of (tenant, part_day) pairs with a dated row.
CREATE FUNCTION mpl_day_span_cover_stored() RETURNS bigint LANGUAGE sql VOLATILE AS $$
    WITH latest AS (SELECT tenant_id, part_day, max(log_end) AS log_end FROM mpl WHERE log_end IS NOT NULL
                    GROUP BY tenant_id, part_day),
         raised AS (SELECT mpl_day_span_raise(array_agg(tenant_id), array_agg(part_day), array_agg(log_end)) FROM latest)
    SELECT count(*) FROM latest, raised;
$$;
