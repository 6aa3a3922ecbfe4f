package dev.foldhub.ensemble;

import dev.foldhub.scoring.BlendEvaluator;
import java.util.Arrays;
import java.util.Locale;

/**
 * Prints the evaluator's positions and bytes at full iMet scale as production builds it, for the fold
 * thresholds given (default 0.25 and 0.05), with ms per evaluation at threshold 0 and at the lowest exact one.
 * Usage: {@code bench/run -Xmx4g dev.foldhub.ensemble.BlendMemoryFigures [rows] [t...]}.
 */
final class BlendMemoryFigures {

    /** The models' probabilities: calibrated at 0.2 (-Dfoldhub.blend.calibration), whatever the fold threshold. */
    private static final double CALIBRATION = Double.parseDouble(System.getProperty("foldhub.blend.calibration", "0.2"));

    private BlendMemoryFigures() {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 109_237;
        double[] thresholds = args.length > 1
                ? Arrays.stream(args, 1, args.length).mapToDouble(Double::parseDouble).toArray() : new double[] {0.25, 0.05};
        for (double t : thresholds) {
            long start = System.nanoTime();
            BlendEvaluator e = BlendMemoryTest.problem(rows, CALIBRATION, t).evaluator();
            System.out.println(BlendMemoryTest.figures(e, t)
                    + String.format(Locale.ROOT, "; built in %.1f s", (System.nanoTime() - start) / 1e9));
            double[] w = new double[e.models()];
            Arrays.fill(w, 1.0 / w.length);
            System.out.println(String.format(Locale.ROOT, "  ms per evaluation (median of 30): t=0 %.2f, t=%.4f %.2f",
                    median(e, w, 0), e.minExactThreshold(w), median(e, w, e.minExactThreshold(w))));
        }
    }

    private static double median(BlendEvaluator e, double[] w, double t) {
        double[] ms = new double[40];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            e.f2(w, t);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        double[] timed = Arrays.copyOfRange(ms, 10, 40);
        Arrays.sort(timed);
        return timed[15];
    }
}
