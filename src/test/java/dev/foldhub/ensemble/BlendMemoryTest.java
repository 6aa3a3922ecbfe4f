package dev.foldhub.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.scoring.BlendEvaluator;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Memory of the blend problem as production builds it ({@link BlendProblemLoader#newBuilder}: margin 0 plus at
 * most {@link BlendProblemLoader#BELOW_PER_ROW} positions a row under it) on the synthetic iMet-like problem
 * (1,103 long-tailed labels, 7 correlated models) whose fold thresholds are all 0.05, where the former margin
 * -0.1 stored every position. Surefire runs with -Xmx2g.
 */
class BlendMemoryTest {

    private static final int CLASSES = 1103;
    private static final int MODELS = 7;
    /** Bytes a position holds: 7 floats, truth, group. */
    private static final long BYTES_PER_POSITION = 4L * MODELS + 2;
    /** The tier's bytes a row at most, with its row index. */
    private static final long TIER_BYTES_PER_ROW = BYTES_PER_POSITION * BlendProblemLoader.BELOW_PER_ROW + 4;

    static BlendProblem problem(int rows, double calibration, double foldThreshold) {
        double[] quality = new double[MODELS];
        double[] tau = new double[MODELS];
        double[] shared = new double[MODELS];
        for (int m = 0; m < MODELS; m++) { // BlendBenchmark's models
            quality[m] = 3.5 - 0.2 * m;
            tau[m] = 2.9 + 0.05 * (m % 4);
            shared[m] = 0.3 + 0.1 * (m % 3);
        }
        return SyntheticBlendData.generate(rows, CLASSES, quality, tau, shared, 5, 1L, calibration, foldThreshold);
    }

    static String figures(BlendEvaluator e, double foldThreshold) {
        return String.format(Locale.ROOT, "fold thresholds %.2f, %d rows: margin 0 %d candidates (%.1f a row), tier %d"
                        + " (floor %.4f) of %d positions offered, %.1f MB = %d B a row", foldThreshold, e.rows(),
                e.candidates(), e.candidates() / (double) e.rows(), e.belowCandidates(), e.belowFloor(),
                e.belowOffered(), e.estimatedBytes() / 1e6, e.estimatedBytes() / e.rows());
    }

    @Test
    void foldThresholdsOfFiveHundredthsKeepTheProductionEvaluatorBoundedPerRow() {
        // guards: at fold thresholds 0.05 (every position above -0.1) the evaluator holds at most 48 positions a row
        // under the margin and a bounded number of bytes a row, not the dense matrix margin -0.1 kept
        int rows = 3000;
        BlendEvaluator evaluator = problem(rows, 0.2, 0.05).evaluator(); // models calibrated at 0.2, thresholds 0.05
        System.out.println(figures(evaluator, 0.05));
        // every position is above -0.1 (p - 0.05 >= -0.05): rows' tiers are full, and the floor rose above -0.1
        assertThat(evaluator.belowFloor()).isGreaterThan(BlendProblemLoader.BELOW_MARGIN);
        assertThat(evaluator.belowCandidates()).isLessThanOrEqualTo(rows * BlendProblemLoader.BELOW_PER_ROW);
        // the margin-0 positions (some p above its fold threshold) plus the tier, nothing else, beside the decoded copy
        // of the candidates kept for speed while it is small (4 bytes a model and 4 more a candidate, at most 128 MiB)
        long stored = evaluator.estimatedBytes() - evaluator.decodedBytes();
        assertThat(stored).isLessThanOrEqualTo(
                evaluator.candidates() * BYTES_PER_POSITION + rows * (TIER_BYTES_PER_ROW + 8) + 8);
        assertThat(stored).isLessThan((long) rows * CLASSES * BYTES_PER_POSITION * 2 / 5);
        assertThat(evaluator.decodedBytes()).isIn(0L, (4L * MODELS + 4) * evaluator.candidates())
                .isLessThanOrEqualTo(128L << 20);
        double[] equal = new double[MODELS];
        Arrays.fill(equal, 1.0 / MODELS);
        TunedThresholds tuned = new ThresholdTuning().tune(evaluator, equal);
        assertThat(tuned.threshold()).isGreaterThanOrEqualTo(evaluator.minExactThreshold(equal));
        assertThat(tuned.thresholdF2()).isEqualTo(evaluator.f2(equal, tuned.threshold()));
    }

    @Test
    void atFoldThresholdsOfAQuarterTheTierCoversTheWholeTuningGridAsMarginMinusATenthDid() {
        // guards: where the models' probabilities sit near their thresholds (0.25), threshold tuning stays exact on all of
        // -0.1..0.1 (floor -0.1: no row had more than 48 positions in (-0.1, 0]), for a few MB more than margin -0.1
        int rows = 3000;
        BlendEvaluator evaluator = problem(rows, 0.2, 0.25).evaluator();
        System.out.println(figures(evaluator, 0.25));
        // the tier's lowest margin is the highest float16 <= -0.1 (-0.10004), so -0.1 stays exact
        assertThat(evaluator.belowFloor()).isLessThanOrEqualTo(BlendProblemLoader.BELOW_MARGIN).isGreaterThan(-0.1001f);
        assertThat(evaluator.belowCandidates()).isEqualTo(evaluator.belowOffered());
        double[] equal = new double[MODELS];
        Arrays.fill(equal, 1.0 / MODELS);
        assertThat(evaluator.minExactThreshold(equal)).isLessThanOrEqualTo(ThresholdTuning.DEFAULT_GRID.min() + 1e-9);
    }

    @Test
    @EnabledIfSystemProperty(named = "foldhub.benchmark", matches = "true")
    void fullScaleAutoBlendWithNestedCvTuningAndTwoCachedEvaluatorsFitsTwoGigabytes() {
        // guards: the BLEND job's steps at full iMet scale (109,237 rows, 7 models), fold thresholds 0.05 (or
        // -Dfoldhub.blend.threshold, models calibrated there or at -Dfoldhub.blend.calibration), with the what-if
        // cache's two evaluators held as well, under -Xmx2g
        double foldThreshold = Double.parseDouble(System.getProperty("foldhub.blend.threshold", "0.05"));
        // the models' own threshold (where their probabilities start predicting); default: the fold threshold
        double calibration = Double.parseDouble(System.getProperty("foldhub.blend.calibration", "" + foldThreshold));
        int rows = 109_237;
        long start = System.nanoTime();
        BlendProblem problem = problem(rows, calibration, foldThreshold);
        BlendEvaluator evaluator = problem.evaluator();
        System.out.println(figures(evaluator, foldThreshold) + String.format(Locale.ROOT, " built in %.1f s",
                (System.nanoTime() - start) / 1e9));
        assertThat(evaluator.belowCandidates()).isLessThanOrEqualTo(rows * BlendProblemLoader.BELOW_PER_ROW);
        double[] w = new double[MODELS];
        Arrays.fill(w, 1.0 / MODELS);
        double[] times = new double[21];
        for (int i = 0; i < times.length; i++) {
            long t0 = System.nanoTime();
            evaluator.f2(w, i % 2 == 0 ? 0 : evaluator.minExactThreshold(w));
            times[i] = (System.nanoTime() - t0) / 1e6;
        }
        System.out.println("evaluation ms (alternately t=0 and t=floor*sum(w)): " + Arrays.toString(times));
        // the evaluator cache as BlendProblemLoader sizes it, filled with two ensembles' evaluators of this size
        EvaluatorCache<Integer> whatIfCache = new EvaluatorCache<>(BlendProblemLoader.CACHED,
                (long) (Runtime.getRuntime().maxMemory() * BlendProblemLoader.HEAP_FRACTION));
        whatIfCache.put(1, problem(rows, calibration, foldThreshold).evaluator());
        whatIfCache.put(2, problem(rows, calibration, foldThreshold).evaluator());
        start = System.nanoTime();
        BlendSearch search = BlendMethod.AUTO.search();
        BlendResult result = search.search(evaluator);
        double searchS = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        NestedCvResult nested = new NestedCv(search).run(problem);
        double nestedS = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        TunedThresholds tuned = new ThresholdTuning().tune(evaluator, result.weights());
        double tuningS = (System.nanoTime() - start) / 1e9;
        Runtime runtime = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "auto F2 %.5f (%.1f s), nested CV %.5f (%.1f s), tuned %.4f -> %.5f, groups %s -> %.5f"
                        + " (%.1f s, lowest exact %.4f); heap max %d MB, used %d MB, what-if cache %d evaluators, %d MB%n",
                result.f2(), searchS, nested.pooledF2(), nestedS, tuned.threshold(), tuned.thresholdF2(),
                Arrays.toString(tuned.groupThresholds()), tuned.groupF2(), tuningS,
                evaluator.minExactThreshold(result.weights()), runtime.maxMemory() >> 20,
                (runtime.totalMemory() - runtime.freeMemory()) >> 20,
                whatIfCache.size(), whatIfCache.bytes() >> 20);
        assertThat(runtime.maxMemory()).isLessThanOrEqualTo(2L << 30);
        assertThat(tuned.groupF2()).isGreaterThanOrEqualTo(result.f2());
    }
}
