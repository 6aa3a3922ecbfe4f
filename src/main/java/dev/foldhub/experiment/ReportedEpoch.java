package dev.foldhub.experiment;

/**
 * Values of one epoch reported from outside Foldhub (an MLflow run's metrics at one step); null = not in
 * this report. Reports of the same epoch merge: a later value replaces an earlier one, a null keeps it.
 */
public record ReportedEpoch(Double trainLoss, Double valLoss, Double f2, Double threshold, Double lr, Double seconds,
                           Double imagesPerSecond) {

    public boolean isEmpty() {
        return trainLoss == null && valLoss == null && f2 == null && threshold == null && lr == null && seconds == null
                && imagesPerSecond == null;
    }
}
