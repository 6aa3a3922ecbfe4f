package dev.foldhub.mlflow;

import dev.foldhub.experiment.ExperimentDeleted;
import dev.foldhub.experiment.ExternalFolds;
import dev.foldhub.experiment.RunStatus;
import dev.foldhub.mlflow.MlflowMessages.Metric;
import dev.foldhub.errors.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Makes an MLflow run a fold of a Foldhub experiment: a run tagged {@code foldhub.experiment} (id or name) and
 * {@code foldhub.fold}, or one whose MLflow experiment is named like a Foldhub experiment that receives runs
 * (fold from the tag or the param {@code fold}), reports its metrics as that fold's epochs (step = epoch, keys
 * by {@link EpochField}) and its status as the fold's state. Runs inside the caller's transaction, so a
 * tag naming something impossible is refused with nothing stored.
 */
@Component
class FoldhubBridge {

    static final String EXPERIMENT_TAG = "foldhub.experiment";
    static final String FOLD_TAG = "foldhub.fold";
    static final String DATASET_TAG = "foldhub.dataset";
    static final String FOLD_PARAM = "fold";

    private record Target(Long experimentId, Integer fold) {
        static final Target NONE = new Target(null, null);
    }

    private final MlflowRunStore runs;
    private final MlflowMetricStore metrics;
    private final MlflowExperimentStore experiments;
    private final ExternalFolds externalFolds;

    FoldhubBridge(MlflowRunStore runs, MlflowMetricStore metrics, MlflowExperimentStore experiments,
                  ExternalFolds externalFolds) {
        this.runs = runs;
        this.metrics = metrics;
        this.experiments = experiments;
        this.externalFolds = externalFolds;
    }

    /**
     * A deleted Foldhub experiment no longer receives its runs: they keep their MLflow data and report nowhere until
     * their tags name a fold again (in the delete's transaction).
     */
    @EventListener
    void experimentDeleted(ExperimentDeleted event) {
        runs.unbindExperiment(event.experimentId());
    }

    /** Whether a tag or param key can change which fold a run reports into. */
    static boolean concerns(String key) {
        return EXPERIMENT_TAG.equals(key) || FOLD_TAG.equals(key) || DATASET_TAG.equals(key) || FOLD_PARAM.equals(key);
    }

    /**
     * Works out the run's fold again (after it was created or its tags or params changed); when that changed, the
     * run's whole metric history is reported into the new fold. True when it changed.
     */
    boolean rebind(String runId) {
        MlflowRunStore.Row run = run(runId);
        Target target = target(run);
        if (Objects.equals(target.experimentId(), run.foldhubExperimentId()) && Objects.equals(target.fold(), run.foldhubFold())) {
            return false;
        }
        runs.bind(runId, target.experimentId(), target.fold());
        if (target.experimentId() != null) {
            externalFolds.reportStatus(target.experimentId(), target.fold(), foldStatus(run.status()));
            report(target.experimentId(), target.fold(), metrics.all(runId));
        }
        return true;
    }

    /** Reports the values into the fold the run (as read in the logging transaction) reports into, if any. */
    void metricsLogged(MlflowRunStore.Row run, List<Metric> logged) {
        if (run.foldhubExperimentId() != null) {
            report(run.foldhubExperimentId(), run.foldhubFold(), logged);
        }
    }

    void statusChanged(String runId) {
        MlflowRunStore.Row run = run(runId);
        if (run.foldhubExperimentId() != null) {
            externalFolds.reportStatus(run.foldhubExperimentId(), run.foldhubFold(), foldStatus(run.status()));
        }
    }

    /** MLflow's run status as a fold's: SCHEDULED is QUEUED, FINISHED SUCCEEDED, KILLED CANCELLED. */
    static RunStatus foldStatus(String mlflowStatus) {
        return switch (mlflowStatus) {
            case "SCHEDULED" -> RunStatus.QUEUED;
            case "FINISHED" -> RunStatus.SUCCEEDED;
            case "FAILED" -> RunStatus.FAILED;
            case "KILLED" -> RunStatus.CANCELLED;
            default -> RunStatus.RUNNING;
        };
    }

    private Target target(MlflowRunStore.Row run) {
        Map<String, String> tags = runs.tags(run.runId());
        boolean explicitFold = tags.containsKey(FOLD_TAG);
        Integer fold = explicitFold ? fold(tags.get(FOLD_TAG)) : fold(runs.params(run.runId()).get(FOLD_PARAM));
        if (explicitFold && fold == null) {
            throw new InvalidInputException(FOLD_TAG, "must be a fold number (0, 1, ...), not '" + tags.get(FOLD_TAG) + "'");
        }
        if (fold == null) {
            return Target.NONE;
        }
        String foldField = explicitFold ? FOLD_TAG : "params." + FOLD_PARAM;
        Long experimentId;
        if (tags.containsKey(EXPERIMENT_TAG)) {
            experimentId = externalFolds.receive(EXPERIMENT_TAG, tags.get(EXPERIMENT_TAG), tags.get(DATASET_TAG), foldField, fold);
        } else {
            // named like a Foldhub experiment: a script's own "fold" param that is no fold there leaves the run MLflow's only
            String name = experiments.find(run.experimentId()).map(MlflowExperimentStore.Row::name).orElse("");
            experimentId = externalFolds.findReceiving(name, fold).orElse(null);
        }
        if (experimentId == null) {
            return Target.NONE;
        }
        return new Target(experimentId, fold);
    }

    /** Reports values per step (an epoch), later values of a key at one step replacing earlier ones. */
    private void report(long experimentId, int fold, List<Metric> logged) {
        Map<Long, Double[]> steps = new TreeMap<>();
        for (Metric m : logged) {
            EpochField.of(m.key()).filter(f -> m.step() >= 0 && m.step() <= Integer.MAX_VALUE && Double.isFinite(m.value()))
                    .ifPresent(f -> steps.computeIfAbsent(m.step(), s -> new Double[EpochField.values().length])[f.ordinal()] = m.value());
        }
        steps.forEach((step, values) -> externalFolds.reportEpoch(experimentId, fold, step.intValue(), EpochField.epoch(values)));
    }

    private static Integer fold(String value) {
        return value != null && value.strip().matches("\\d{1,6}") ? Integer.parseInt(value.strip()) : null;
    }

    private MlflowRunStore.Row run(String runId) {
        return runs.find(runId).orElseThrow(() -> MlflowException.notFound("Run with id=" + runId + " not found"));
    }
}
