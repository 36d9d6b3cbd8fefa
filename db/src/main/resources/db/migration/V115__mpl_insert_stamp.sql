-- An inserted MPL takes its change position from column defaults instead of the row trigger: a plpgsql call per row
-- was a measurable share of a COPY of new rows (the bulk of every poll). A row inserted with a position (moved
-- between partitions by retention) keeps it, as before. Updates keep the trigger: only it can compare the old and
-- new state.
ALTER TABLE mpl ALTER COLUMN change_xid SET DEFAULT pg_current_xact_id()::text::bigint;
ALTER TABLE mpl ALTER COLUMN change_seq SET DEFAULT nextval('mpl_change_seq');
DROP TRIGGER mpl_stamp_change ON mpl;
CREATE TRIGGER mpl_stamp_change BEFORE UPDATE ON mpl FOR EACH ROW EXECUTE FUNCTION mpl_stamp_change();
