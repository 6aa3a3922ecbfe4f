-- The pooled OOF F2 of an experiment from running sums: each fold's sum of per-row F2 (rows scored at the fold's own
-- threshold) and its row count, stored with the fold's result, so a finished fold adds its sums instead of every
-- fold's predictions being decoded again. NULL: not computed yet (rows stored before V15); filled on first use.
ALTER TABLE fold_results ADD COLUMN f2_row_sum DOUBLE PRECISION;
ALTER TABLE fold_results ADD COLUMN f2_rows INTEGER;
