-- Tags and a free-text note on experiments (PUT/PATCH /api/experiments/{id}). A tag is its own row, so filtering by
-- one is an indexed lookup and not a LIKE over a comma-separated column; a tag goes with its experiment.
ALTER TABLE experiments ADD COLUMN note VARCHAR(10000);
CREATE TABLE experiment_tags (
    experiment_id BIGINT      NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
    tag           VARCHAR(64) NOT NULL,
    CONSTRAINT experiment_tags_pk PRIMARY KEY (experiment_id, tag)
);
CREATE INDEX experiment_tags_tag_idx ON experiment_tags (tag);
