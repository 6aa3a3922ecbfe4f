-- Workers that lease jobs: the embedded one and (later) remote agents. Jobs refer to them by jobs.worker_id.
CREATE TABLE workers (
    id           VARCHAR(200) PRIMARY KEY,
    kind         VARCHAR(20)  NOT NULL,
    devices      VARCHAR(1000) NOT NULL,
    retired      BOOLEAN      NOT NULL DEFAULT FALSE,
    registered_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT ck_workers_kind CHECK (kind IN ('embedded', 'remote'))
);
