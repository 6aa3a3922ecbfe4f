-- Post-processing rules (issue 14): an ensemble's chosen rule with the report of every rule scored (JSON), the rule its
-- blend request gave (JSON, NULL: search), and the rule a submission applies (JSON, with thresholds 'postprocess').
ALTER TABLE ensembles ADD COLUMN postprocess VARCHAR(100000);
ALTER TABLE ensembles ADD COLUMN postprocess_request VARCHAR(100000);
ALTER TABLE submissions ADD COLUMN postprocess VARCHAR(100000);
ALTER TABLE submissions ALTER COLUMN thresholds SET DATA TYPE VARCHAR(20);
ALTER TABLE submissions DROP CONSTRAINT ck_submissions_thresholds;
ALTER TABLE submissions ADD CONSTRAINT ck_submissions_thresholds
    CHECK (thresholds IN ('fold', 'tuned', 'groups', 'postprocess'));
