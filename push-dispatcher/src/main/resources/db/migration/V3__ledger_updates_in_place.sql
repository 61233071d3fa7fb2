-- The ledger's hot path: every delivery is inserted once (planning) and updated twice (the claim, the answer).
-- Profiled in the benchmark (bench/RESULTS.md, perf on PostgreSQL): most of PostgreSQL's time went to index
-- maintenance, because status and delivered_at were indexed, so each update wrote new entries into three indexes,
-- and to comparing group ids under the database's locale collation (strcoll).
--
-- Without those two indexes, and with room left in each page (fillfactor), an update changes no indexed column and
-- PostgreSQL makes it in place (a HOT update): no index is touched. What they served is still cheap: a run's counts
-- and its deliveries by status read the run's range of the primary key (run_id, group_id), and an active run's
-- counts are shared for dingrelay.push.progress-cache (1 s).
DROP INDEX IF EXISTS deliveries_run_status;
DROP INDEX IF EXISTS deliveries_run_delivered_at;
ALTER TABLE deliveries SET (fillfactor = 70);
-- Group ids are opaque identifiers: byte order is their order (paging with group_id > $after ORDER BY group_id
-- is unchanged in meaning), and "C" comparisons are memcmp instead of strcoll.
ALTER TABLE deliveries ALTER COLUMN group_id TYPE varchar(64) COLLATE "C";
