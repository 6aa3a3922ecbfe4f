package dev.foldhub.mlflow;

import dev.foldhub.mlflow.MlflowMessages.Experiment;
import dev.foldhub.mlflow.MlflowMessages.KeyValue;
import dev.foldhub.mlflow.MlflowMessages.RunInfo;
import java.util.List;

/** Stored rows as MLflow's messages (ids are strings in MLflow's API). */
final class MlflowViews {

    private MlflowViews() {
    }

    static Experiment experiment(MlflowExperimentStore.Row e, List<KeyValue> tags) {
        return new Experiment(String.valueOf(e.id()), e.name(), e.artifactLocation(), e.lifecycleStage(),
                e.lastUpdateTime(), e.creationTime(), tags);
    }

    static RunInfo info(MlflowRunStore.Row r) {
        return new RunInfo(r.runId(), r.runId(), r.runName(), String.valueOf(r.experimentId()), r.userId(), r.status(),
                r.startTime(), r.endTime(), r.artifactUri(), r.lifecycleStage());
    }
}
