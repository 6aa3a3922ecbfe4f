package dev.foldhub.ensemble;

import dev.foldhub.prediction.StoredOof;
import dev.foldhub.scoring.BlendEvaluatorBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Runs the BLEND job's computation once on a small synthetic problem when the server is ready, in a background thread:
 * the stored folds screened and decoded into an evaluator, the auto search with its nested CV, the threshold tuning and
 * the post-processing search. Nothing is read from or written to the database. The JIT compiler then has the job's
 * code compiled before the first real job, which otherwise pays for it (about 2 s of a 6 s search on 2 cores, measured
 * in one JVM on the full-scale synthetic problem). Off with {@code foldhub.blend.warm-up=false}; a failure is logged and
 * changes nothing else.
 */
@Component
class BlendWarmUp {

    private static final Logger log = LoggerFactory.getLogger(BlendWarmUp.class);

    static final int ROWS = 12000;
    static final int CLASSES = 300;
    static final int MODELS = 7;
    static final int FOLDS = 5;
    /** Each member's fold threshold: the synthetic probabilities are calibrated to start predicting there. */
    static final float THRESHOLD = 0.2f;

    private final BlendProperties properties;
    private volatile Summary last;

    /** What a warm-up computed: its blend's OOF F2, nested CV F2, the post-processing chosen, and its seconds. */
    record Summary(String method, double oofF2, double nestedCvF2, String postprocess, double seconds) {
    }

    BlendWarmUp(BlendProperties properties) {
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        if (!properties.warmUp()) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                Summary summary = run();
                log.info("blend code warmed up in {} s on a synthetic {} x {} problem of {} models ({}: OOF F2 {})",
                        String.format(Locale.ROOT, "%.1f", summary.seconds()), ROWS, CLASSES, MODELS, summary.method(),
                        String.format(Locale.ROOT, "%.4f", summary.oofF2()));
            } catch (RuntimeException | OutOfMemoryError e) {
                log.warn("the blend warm-up failed; the first BLEND job compiles its code itself", e);
            }
        }, "blend-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /** The last warm-up's summary, or null before one finished. */
    Summary last() {
        return last;
    }

    /** One warm-up, in the calling thread. */
    Summary run() {
        long start = System.nanoTime();
        BlendProblem problem = problem(new SplittableRandom(ROWS));
        NestedCv.SearchAndNestedCv searched = new NestedCv(new AutoBlendSearch()).searchAndRun(problem);
        double[] weights = searched.result().weights();
        PostprocessTuning.Outcome post = new PostprocessTuning(new PostprocessSearch()).run(problem, weights,
                searched.nested(), THRESHOLD, null, new ThresholdTuning());
        Summary summary = new Summary(searched.result().method(), searched.result().f2(),
                searched.nested().pooledF2(), post.chosen(), (System.nanoTime() - start) / 1e9);
        last = summary;
        return summary;
    }

    /**
     * A problem built as {@link BlendProblemLoader} builds one, from float16 folds: each row has 1 to 4 true classes of
     * the first 60 (a skewed label set, as iMet's), the first third of the classes is one label group and the rest the
     * other; member m sees d = q_m y + sqrt(rho_m) z + sqrt(1 - rho_m) e_m - tau_m (y = 1 at a true class, z shared by
     * the members, e_m its own noise) and predicts p = sigmoid(d + logit(threshold)): strong and weak members that
     * disagree where the noise is, as real ones do.
     */
    static BlendProblem problem(SplittableRandom random) {
        int[] groups = new int[CLASSES];
        Arrays.fill(groups, CLASSES / 3, CLASSES, 1);
        BlendEvaluatorBuilder builder = BlendProblemLoader.newBuilder(MODELS, CLASSES, groups);
        ScreenedRows screened = new ScreenedRows(builder, MODELS, CLASSES);
        int[] foldOfRow = new int[ROWS];
        int foldRows = ROWS / FOLDS;
        float[] thresholds = new float[MODELS];
        Arrays.fill(thresholds, THRESHOLD);
        double logit = Math.log(THRESHOLD / (1 - THRESHOLD));
        for (int fold = 0; fold < FOLDS; fold++) {
            int rows = fold == FOLDS - 1 ? ROWS - fold * foldRows : foldRows;
            Arrays.fill(foldOfRow, fold * foldRows, fold * foldRows + rows, fold);
            int[][] labels = new int[rows][];
            float[][] p = new float[MODELS][rows * CLASSES];
            for (int r = 0; r < rows; r++) {
                labels[r] = random.ints(1 + random.nextInt(4), 0, 60).distinct().sorted().toArray();
                for (int c = 0; c < CLASSES; c++) {
                    double y = Arrays.binarySearch(labels[r], c) >= 0 ? 1 : 0;
                    double z = random.nextGaussian();
                    for (int m = 0; m < MODELS; m++) {
                        double rho = 0.3 + 0.1 * (m % 3);
                        double d = (3.5 - 0.2 * m) * y + Math.sqrt(rho) * z + Math.sqrt(1 - rho) * random.nextGaussian()
                                - (2.9 + 0.05 * (m % 4));
                        p[m][r * CLASSES + c] = (float) (1 / (1 + Math.exp(-(d + logit))));
                    }
                }
            }
            StoredOof[] stored = new StoredOof[MODELS];
            for (int m = 0; m < MODELS; m++) {
                stored[m] = StoredOof.ofFloat16(-1 - m, fold, THRESHOLD, rows, CLASSES, p[m]);
            }
            screened.addFold(stored, thresholds, labels);
        }
        List<String> names = new ArrayList<>();
        for (int m = 0; m < MODELS; m++) {
            names.add("warm-up " + m);
        }
        return new BlendProblem(builder.build(), names, foldOfRow);
    }
}
