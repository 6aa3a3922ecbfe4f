-- Blends and submissions over the folds the members have (issue 14). folds: the fold numbers a blend uses
-- (comma-separated, ascending), fixed when the ensemble is created, so its job loads exactly those; NULL on
-- ensembles made before V18, which used every fold of their assignment. num_rows: the OOF rows blended.
-- partial: the folds are fewer than the assignment's. source 'experiment': the one-member ensemble (weight 1)
-- behind POST /api/experiments/{id}/submissions.
ALTER TABLE ensembles ADD COLUMN folds VARCHAR(1000);
ALTER TABLE ensembles ADD COLUMN num_rows INTEGER;
ALTER TABLE ensembles ADD COLUMN partial BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE ensembles DROP CONSTRAINT ck_ensembles_source;
ALTER TABLE ensembles ADD CONSTRAINT ck_ensembles_source CHECK (source IN ('search', 'imported', 'experiment'));
