-- The step-metric charts read (step, val) of one run's key over a step range: with val in the history index that is
-- an index-only range scan (PostgreSQL, H2), no visit of the table's rows. It still serves get-history's order
-- (step, ts), so it replaces that index rather than adding a second one to every logged value.
DROP INDEX mlflow_metrics_history_idx;
CREATE INDEX mlflow_metrics_history_idx ON mlflow_metrics (run_id, name, step, ts, val);
