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
