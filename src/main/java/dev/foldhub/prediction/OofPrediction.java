package dev.foldhub.prediction;

/**
 * A fold's out-of-fold predictions: raw sigmoid probabilities of its best epoch, row-major
 * rows x classes, rows in train.csv order of the fold, with that epoch's threshold and F2.
 */
public record OofPrediction(long experimentId, int fold, int epoch, double threshold, double f2, int rows, int classes,
                            float[] probabilities) {

    public OofPrediction {
        if ((long) rows * classes != probabilities.length) {
            throw new IllegalArgumentException("expected " + rows + " x " + classes + " probabilities, got "
                    + probabilities.length);
        }
    }

    /** Probabilities minus the threshold, so the prediction rule is "> 0" (the reference's level1 files). */
    public float[] centered() {
        float[] centered = new float[probabilities.length];
        float t = (float) threshold;
        for (int i = 0; i < centered.length; i++) {
            centered[i] = probabilities[i] - t;
        }
        return centered;
    }
}
