package dev.foldhub.ensemble;

import dev.foldhub.prediction.Float16;
import dev.foldhub.prediction.Npy;
import dev.foldhub.scoring.BlendEvaluator;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times blend evaluation and the blend searches on a synthetic iMet-scale problem.
 * Usage: {@code BlendBenchmark [rows=109237] [classes=1103] [models=7] [seed=1]}.
 */
public final class BlendBenchmark {

    private BlendBenchmark() {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 109_237;
        int classes = args.length > 1 ? Integer.parseInt(args[1]) : 1103;
        int models = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        double[] quality = new double[models];
        double[] tau = new double[models];
        double[] shared = new double[models];
        for (int m = 0; m < models; m++) {
            quality[m] = 3.5 - 0.2 * m;
            tau[m] = 2.9 + 0.05 * (m % 4);
            shared[m] = 0.3 + 0.1 * (m % 3);
        }
        print("problem: %d rows x %d classes x %d models, seed %d", rows, classes, models, seed);
        long heapBefore = usedHeap();
        long start = System.nanoTime();
        BlendProblem problem = SyntheticBlendData.generate(rows, classes, quality, tau, shared, 5, seed);
        BlendEvaluator evaluator = problem.evaluator();
        print("generate + build evaluator: %.1f s; %d candidates (%.1f a row); arrays %.1f MB, heap growth %.1f MB",
                seconds(start), evaluator.candidates(), evaluator.candidates() / (double) rows,
                evaluator.estimatedBytes() / 1e6, (usedHeap() - heapBefore) / 1e6);

        SplittableRandom random = new SplittableRandom(seed);
        double[] times = new double[50];
        double sink = 0;
        for (int i = -10; i < times.length; i++) {
            double[] w = random.doubles(models).toArray();
            long t0 = System.nanoTime();
            sink += evaluator.f2(w, 0);
            if (i >= 0) {
                times[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(times);
        print("one evaluation: median %.2f ms, min %.2f, max %.2f (checksum %.4f)", times[25], times[0], times[49], sink);
        double[][] eight = new double[8][];
        for (int i = -5; i < 20; i++) {
            for (int k = 0; k < eight.length; k++) {
                eight[k] = random.doubles(models).toArray();
            }
            long t0 = System.nanoTime();
            sink += evaluator.f2Each(eight, 0)[0];
            if (i >= 0) {
                times[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(times, 0, 20);
        print("8 vectors in one pass (f2Each): median %.2f ms (%.2f ms a vector)", times[10], times[10] / 8);

        double[] equal = new double[models];
        Arrays.fill(equal, 1.0 / models);
        double[] one = new double[models];
        StringBuilder singles = new StringBuilder();
        for (int m = 0; m < models; m++) {
            one[m] = 1;
            singles.append(String.format(Locale.ROOT, " %.4f", evaluator.f2(one, 0)));
            one[m] = 0;
        }
        print("single models F2:%s", singles);
        print("equal weights F2: %.5f", evaluator.f2(equal, 0));

        long sequential = System.nanoTime();
        for (BlendSearch part : new AutoBlendSearch().parts()) {
            part.search(evaluator); // one after the other, as before the lockstep
        }
        print("auto's searches one after the other: %.1f s", seconds(sequential));
        List<BlendResult> results = new AutoBlendSearch().searchAll(evaluator);
        for (BlendResult result : results) {
            report(result);
        }
        BlendResult auto = AutoBlendSearch.best(results);
        report(auto);
        start = System.nanoTime();
        TunedThresholds tuned = new ThresholdTuning().tune(evaluator, auto.weights());
        print("thresholds for %s: global %.4f -> F2 %.5f; per group %s -> F2 %.5f (%d evaluations, %.1f s)",
                auto.method(), tuned.threshold(), tuned.thresholdF2(), Arrays.toString(tuned.groupThresholds()),
                tuned.groupF2(), tuned.evaluations(), seconds(start));
        start = System.nanoTime();
        NestedCv.SearchAndNestedCv joint = new NestedCv(new AutoBlendSearch()).searchAndRun(problem);
        report(joint.result());
        print("auto + nested CV (auto, 5 folds) side by side, as a BLEND job runs them: search %.1f s, nested CV %.1f s"
                        + " more (%.1f s in all); pooled F2 %.5f, mean of folds %.5f", joint.searchSeconds(),
                joint.nestedSeconds(), seconds(start), joint.nested().pooledF2(), joint.nested().meanFoldF2());
        importPath(rows, classes, seed);
    }

    private static void report(BlendResult r) {
        StringBuilder w = new StringBuilder();
        for (double x : r.weights()) {
            w.append(String.format(Locale.ROOT, " %.3f", x));
        }
        print("%-18s F2 %.5f  evaluations %4d  %.2f s  weights%s", r.method(), r.f2(), r.evaluations(), r.seconds(), w);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static void print(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }

    /**
     * What importing one model's OOF costs besides the database write: parse the uploaded .npy (float32,
     * rows x classes) and encode it as stored (float16), then decode it as a blend job loads it.
     */
    private static void importPath(int rows, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] matrix = new float[rows * classes];
        for (int i = 0; i < matrix.length; i++) {
            matrix[i] = (float) random.nextDouble(-0.25, 0.75);
        }
        byte[] npy = Npy.writeFloat32(matrix, rows, classes);
        matrix = null;
        long heapBefore = usedHeap();
        long start = System.nanoTime();
        Npy.FloatMatrix parsed = Npy.readFloat2d(npy);
        double parse = seconds(start);
        start = System.nanoTime();
        byte[] stored = Float16.encodeLittleEndian(parsed.data());
        double encode = seconds(start);
        start = System.nanoTime();
        float[] loaded = Float16.decodeLittleEndian(stored);
        double decode = seconds(start);
        print("import path of one model (%.0f MB .npy): parse %.2f s, float16 encode %.2f s (%.0f MB stored), "
                        + "decode %.2f s; heap for it %.0f MB (%d values checked)", npy.length / 1e6, parse, encode,
                stored.length / 1e6, decode, (usedHeap() - heapBefore) / 1e6, loaded.length);
    }
}
