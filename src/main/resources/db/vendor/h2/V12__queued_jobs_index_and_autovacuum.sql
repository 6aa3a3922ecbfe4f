-- H2's V12 (db/vendor/postgresql has PostgreSQL's partial index and autovacuum settings, which H2 has not): the same
-- plain index for counts by state and the reaper; the lease keeps jobs_queue_order_idx here.
DROP INDEX jobs_lease_idx;
CREATE INDEX jobs_state_idx ON jobs (state);
