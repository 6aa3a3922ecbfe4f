package dev.foldhub.mlflow;

import dev.foldhub.errors.FoldhubException;
import dev.foldhub.experiment.ExternalPredictions;
import dev.foldhub.mlflow.MlflowMessages.KeyValue;
import dev.foldhub.mlflow.MlflowMessages.Metric;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * An OOF artifact ({@code oof.npy}, or the reference's {@code level1_train_<model>_f<k>_<...>.npy}) uploaded to a
 * run bound to a Foldhub fold becomes that fold's OOF predictions, at the threshold of the run's {@code threshold}
 * metric (or {@code val_threshold}) or param: the experiment can then be blended. The artifact stays stored either
 * way; whether and why it was (not) imported is logged and recorded in the run's tag {@code foldhub.oof_import}.
 */
@Component
class ArtifactOofImport {

    static final String RESULT_TAG = "foldhub.oof_import";
    private static final Pattern LEVEL1 = Pattern.compile("level1_train_.*_f(\\d{1,6})_.*\\.npy");
    private static final Logger log = LoggerFactory.getLogger(ArtifactOofImport.class);

    private final MlflowRunStore runs;
    private final MlflowMetricStore metrics;
    private final ExternalPredictions predictions;

    ArtifactOofImport(MlflowRunStore runs, MlflowMetricStore metrics, ExternalPredictions predictions) {
        this.runs = runs;
        this.metrics = metrics;
        this.predictions = predictions;
    }

    /** Called after an artifact was stored; does nothing for a file that is no OOF by its name. */
    void uploaded(MlflowRunStore.Row run, String relative, Path file) throws IOException {
        String name = relative.substring(relative.lastIndexOf('/') + 1);
        Matcher level1 = LEVEL1.matcher(name);
        if (!name.equals("oof.npy") && !level1.matches()) {
            return;
        }
        if (run.foldhubExperimentId() == null) {
            skip(run, name, "the run reports into no Foldhub fold (tags foldhub.experiment and foldhub.fold)");
            return;
        }
        int fold = run.foldhubFold();
        if (level1.matches() && Integer.parseInt(level1.group(1)) != fold) {
            skip(run, name, "its name says fold " + level1.group(1) + " but the run reports fold " + fold);
            return;
        }
        Optional<Double> threshold = threshold(run.runId());
        if (threshold.isEmpty()) {
            skip(run, name, "the run has no 'threshold' metric or param to score it with");
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            predictions.logOof(run.foldhubExperimentId(), fold, threshold.get(), in, Files.size(file));
        } catch (FoldhubException e) {
            skip(run, name, e.getMessage());
            return;
        }
        log.info("MLflow run {}: artifact {} imported as fold {} OOF of experiment {} at threshold {}",
                run.runId(), name, fold, run.foldhubExperimentId(), threshold.get());
        record(run, "imported " + name + " as fold " + fold + " of experiment " + run.foldhubExperimentId()
                + " at threshold " + threshold.get());
    }

    private Optional<Double> threshold(String runId) {
        Map<String, Metric> latest = metrics.latest(runId);
        for (String key : List.of("threshold", "val_threshold")) {
            if (latest.containsKey(key) && Double.isFinite(latest.get(key).value())) {
                return Optional.of(latest.get(key).value());
            }
        }
        try {
            String param = runs.params(runId).get("threshold");
            return param == null ? Optional.empty() : Optional.of(Double.parseDouble(param.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void skip(MlflowRunStore.Row run, String name, String why) {
        log.info("MLflow run {}: artifact {} stored, not imported as OOF: {}", run.runId(), name, why);
        record(run, "not imported " + name + ": " + why);
    }

    private void record(MlflowRunStore.Row run, String outcome) {
        String value = outcome.length() > MlflowLimits.MAX_TAG_VALUE ? outcome.substring(0, MlflowLimits.MAX_TAG_VALUE) : outcome;
        runs.setTags(run.runId(), List.of(new KeyValue(RESULT_TAG, value)));
    }
}
