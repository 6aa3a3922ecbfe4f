-- Device fit. jobs.device_kind (since V2) is 'any', 'cpu', 'gpu' or 'server' (only a worker inside the server
-- process: the job reads the database, e.g. blends); min_memory_mb is the least GPU memory a gpu device needs.
ALTER TABLE jobs ADD COLUMN min_memory_mb INTEGER NOT NULL DEFAULT 0;
UPDATE jobs SET device_kind = 'server' WHERE kind IN ('BLEND', 'SUBMISSION', 'TEST_PREDICT');
ALTER TABLE jobs ADD CONSTRAINT ck_jobs_device_kind CHECK (device_kind IN ('any', 'cpu', 'gpu', 'server'));

-- The principal (token name) that registered a worker: only calls made with it may act for the worker.
-- NULL = registered without authentication (no security configured, or the embedded worker).
ALTER TABLE workers ADD COLUMN owner VARCHAR(200);
-- The devices a worker registered, as JSON [{"kind":"gpu","index":0,"memoryMb":81559}, ...].
ALTER TABLE workers ADD COLUMN device_list VARCHAR(4000);

-- The lease's tie-break (the subject closest to a complete fold set first) as a column kept up to date when a job
-- succeeds, instead of a COUNT per queued row in every lease (50 ms per lease with 1,000 queued jobs).
ALTER TABLE jobs ADD COLUMN subject_done INTEGER NOT NULL DEFAULT 0;
UPDATE jobs SET subject_done = (SELECT COUNT(*) FROM jobs d WHERE d.kind = jobs.kind AND d.subject_id = jobs.subject_id
    AND d.state = 'SUCCEEDED') WHERE state IN ('QUEUED', 'RUNNING', 'FAILED', 'CANCELLED');
CREATE INDEX jobs_queue_order_idx ON jobs (state, priority DESC, subject_done DESC, created_at, id);
