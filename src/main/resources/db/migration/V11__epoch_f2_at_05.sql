-- F2 of an epoch's validation predictions at threshold 0.5, next to the threshold-searched f2 (null: not computed)
ALTER TABLE epoch_metrics ADD COLUMN f2_at_05 DOUBLE PRECISION;
