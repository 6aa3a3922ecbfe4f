package dev.foldhub.prediction;

/**
 * A fold model's predictions on the test set: probabilities, row-major rows x classes, rows in
 * sample_submission.csv order, with the fold's threshold; numTtas is null when unknown (imported).
 */
public record TestPrediction(long experimentId, int fold, Integer numTtas, double threshold, int rows, int classes,
                             float[] probabilities) {

    public TestPrediction {
        if ((long) rows * classes != probabilities.length) {
            throw new IllegalArgumentException("expected " + rows + " x " + classes + " probabilities, got "
                    + probabilities.length);
        }
    }

    /**
     * The probabilities as a row stored now reads them back (float16 today, {@link FloatCodec}): what a SUBMISSION job
     * blends, so an offline blend of freshly computed ones (a Kaggle bundle's predict) writes the same bytes.
     */
    public static float[] asStored(float[] probabilities) {
        return FloatCodec.decode(FloatCodec.ENCODING, FloatCodec.encode(probabilities));
    }
}
