-- The BLEND job's time per step: ensembles.seconds becomes the whole job (load to stored result); these say where it
-- went. NULL for ensembles blended before V16 (their seconds is the weight search alone) and for imported ones.
ALTER TABLE ensembles ADD COLUMN load_seconds DOUBLE PRECISION;
ALTER TABLE ensembles ADD COLUMN search_seconds DOUBLE PRECISION;
ALTER TABLE ensembles ADD COLUMN nested_cv_seconds DOUBLE PRECISION;
ALTER TABLE ensembles ADD COLUMN tuning_seconds DOUBLE PRECISION;
