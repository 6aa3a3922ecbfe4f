package dev.foldhub.scoring;

/** The global thresholds a validation tries: {@code points} evenly spaced values from min to max inclusive (numpy linspace). */
public record ThresholdGrid(double min, double max, int points) {

    /** The reference solution's grid: np.linspace(0.05, 0.25, 100). */
    public static final ThresholdGrid REFERENCE = new ThresholdGrid(0.05, 0.25, 100);

    public ThresholdGrid {
        if (points < 1) {
            throw new IllegalArgumentException("points must be at least 1");
        }
        if (!(min <= max)) {
            throw new IllegalArgumentException("min must not exceed max");
        }
    }

    /** The i-th threshold, as numpy.linspace computes it. */
    public double value(int i) {
        if (points == 1) {
            return min;
        }
        // linspace: min + i * (max - min) / (points - 1), with the last point exactly max
        return i == points - 1 ? max : min + i * ((max - min) / (points - 1));
    }

    public double[] values() {
        double[] values = new double[points];
        for (int i = 0; i < points; i++) {
            values[i] = value(i);
        }
        return values;
    }
}
