-- How late the MPLs of each (tenant, part_day) end: the rules' queries bound mpl by LogEnd, but mpl is partitioned by
-- the day of LogStart (V40), so a LogEnd bound alone makes every query visit every day partition. The oldest part_day
-- whose latest LogEnd is after a query's bound is the first partition that query needs; the partitions before it are
-- pruned. Kept by a statement-level trigger, so every writer of mpl (the page COPY, the upsert, retention's moves,
-- bulk loads) keeps it true: a row's LogEnd can only be raised (the upsert never lets an older state win), and a
-- deleted row leaves its span as it was, which costs pruning, never a row.
CREATE TABLE mpl_day_span (
    tenant_id   text NOT NULL,
    part_day    date NOT NULL,
    max_log_end timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, part_day)
);

CREATE FUNCTION mpl_day_span_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Only spans the statement raises are written: ON CONFLICT locks the span row it meets, and a write that raises
    -- nothing (a bookkeeping update, a replayed page, a row moved by retention) must not wait for another transaction
    -- that holds it. ORDER BY: writers that do raise lock the span rows in one order.
    INSERT INTO mpl_day_span AS s (tenant_id, part_day, max_log_end)
    SELECT w.tenant_id, w.part_day, max(w.log_end) FROM written w WHERE w.log_end IS NOT NULL
    GROUP BY w.tenant_id, w.part_day
    HAVING NOT EXISTS (SELECT 1 FROM mpl_day_span x WHERE x.tenant_id = w.tenant_id AND x.part_day = w.part_day
                       AND x.max_log_end >= max(w.log_end))
    ORDER BY w.tenant_id, w.part_day
    ON CONFLICT (tenant_id, part_day) DO UPDATE SET max_log_end = EXCLUDED.max_log_end
    WHERE s.max_log_end < EXCLUDED.max_log_end;
    RETURN NULL;
END $$;

CREATE TRIGGER mpl_day_span_on_insert AFTER INSERT ON mpl REFERENCING NEW TABLE AS written
    FOR EACH STATEMENT EXECUTE FUNCTION mpl_day_span_note();
CREATE TRIGGER mpl_day_span_on_update AFTER UPDATE ON mpl REFERENCING NEW TABLE AS written
    FOR EACH STATEMENT EXECUTE FUNCTION mpl_day_span_note();

INSERT INTO mpl_day_span (tenant_id, part_day, max_log_end)
SELECT tenant_id, part_day, max(log_end) FROM mpl WHERE log_end IS NOT NULL GROUP BY tenant_id, part_day;
