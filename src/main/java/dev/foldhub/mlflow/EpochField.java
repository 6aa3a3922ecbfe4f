package dev.foldhub.mlflow;

import dev.foldhub.experiment.ReportedEpoch;
import java.util.Map;
import java.util.Optional;

/**
 * Which value of a Foldhub epoch an MLflow metric key reports (the metric's step is the epoch number).
 * Keys not listed stay MLflow metrics only.
 */
enum EpochField {
    TRAIN_LOSS, VAL_LOSS, F2, THRESHOLD, LR, SECONDS, IMAGES_PER_SECOND;

    private static final Map<String, EpochField> KEYS = Map.ofEntries(
            Map.entry("loss", TRAIN_LOSS), Map.entry("train_loss", TRAIN_LOSS),
            Map.entry("val_loss", VAL_LOSS), Map.entry("valid_loss", VAL_LOSS),
            Map.entry("f2", F2), Map.entry("val_f2", F2), Map.entry("score", F2), Map.entry("val_score", F2),
            Map.entry("threshold", THRESHOLD), Map.entry("val_threshold", THRESHOLD),
            Map.entry("lr", LR), Map.entry("learning_rate", LR),
            Map.entry("seconds", SECONDS), Map.entry("epoch_time", SECONDS),
            Map.entry("images_per_second", IMAGES_PER_SECOND));

    static Optional<EpochField> of(String metricKey) {
        return Optional.ofNullable(KEYS.get(metricKey));
    }

    /** An epoch from values indexed by ordinal (null = not reported). */
    static ReportedEpoch epoch(Double[] v) {
        return new ReportedEpoch(v[TRAIN_LOSS.ordinal()], v[VAL_LOSS.ordinal()], v[F2.ordinal()], v[THRESHOLD.ordinal()],
                v[LR.ordinal()], v[SECONDS.ordinal()], v[IMAGES_PER_SECOND.ordinal()]);
    }
}
