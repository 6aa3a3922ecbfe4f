-- PostgreSQL's V12 (db/vendor/h2 has H2's): the job table as a queue. Measured with pgbench: README, "Lease benchmark".

-- The lease walks the queued jobs in its order (LeaseStatement: priority, then the subject closest to a full fold set,
-- then age). A partial index holds only queued jobs: finished ones (most of the table, and ever more) are not in it,
-- and a job that is leased, completed or failed adds no entry to it.
CREATE INDEX jobs_queued_order_idx ON jobs (priority DESC, subject_done DESC, created_at, id) WHERE state = 'QUEUED';
DROP INDEX jobs_queue_order_idx;
-- No query uses (state, device_kind, priority, created_at) beyond its first column (counts by state, the reaper's
-- RUNNING scan), yet every state change wrote to it.
DROP INDEX jobs_lease_idx;
CREATE INDEX jobs_state_idx ON jobs (state);

-- why: every lease and completion leaves a dead row version and a dead entry at the front of the queued index, which
-- later leases step over until a VACUUM. The default (20% of the table changed) comes far too late for a queue:
-- vacuum it whenever 1,000 rows died (checked every autovacuum_naptime, 1 min by default), without throttling.
ALTER TABLE jobs SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
    autovacuum_vacuum_cost_delay = 0, autovacuum_analyze_scale_factor = 0.02, autovacuum_analyze_threshold = 1000);
