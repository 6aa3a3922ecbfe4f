-- A clone of an experiment (POST /api/experiments/{id}/clone) links to the experiment it was made from. NULL for every
-- other experiment. ON DELETE SET NULL: a parent may go away without taking its clones' rows with it.
ALTER TABLE experiments ADD COLUMN parent_experiment_id BIGINT;
ALTER TABLE experiments ADD CONSTRAINT fk_experiments_parent FOREIGN KEY (parent_experiment_id)
    REFERENCES experiments (id) ON DELETE SET NULL;
