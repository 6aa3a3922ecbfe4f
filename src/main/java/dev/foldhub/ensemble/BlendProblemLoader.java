package dev.foldhub.ensemble;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.DatasetTable;
import dev.foldhub.dataset.FoldAssignment;
import dev.foldhub.dataset.LabelGroups;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.prediction.StoredOof;
import dev.foldhub.prediction.StoredRowStream;
import dev.foldhub.prediction.OofStore;
import dev.foldhub.scoring.BlendEvaluator;
import dev.foldhub.scoring.BlendEvaluatorBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Streams the members' stored OOF predictions, fold by fold and a wave of rows at a time, into a sparse blend
 * evaluator, so neither the dense matrices of all models nor a whole fold of one are ever in memory. The last few
 * evaluators are kept, keyed by the data set, fold assignment, members and the version of each stored fold (a retrained
 * fold is a new version), so a second blend of the same members, and the what-if sliders after a blend, skip the load.
 */
@Component
class BlendProblemLoader {

    private static final Logger log = LoggerFactory.getLogger(BlendProblemLoader.class);

    /** The searches score at threshold 0: positions where some model's p exceeds its fold threshold. */
    static final float MARGIN = 0f;
    /** Threshold tuning goes down to -0.1 (its grid): positions with every x_m <= -0.1 never matter. */
    static final float BELOW_MARGIN = -0.1f;
    /**
     * At most this many positions a row under the margin (those with the highest max_m x_m), whatever the fold
     * thresholds: thresholds >= floor * sum(w) stay exact, floor being the highest max_m x_m dropped.
     */
    static final int BELOW_PER_ROW = 48;

    /** How many evaluators are kept (see docs/ensembles.md, memory at any fold threshold: about 100 MB each at full iMet scale). */
    static final int CACHED = 2;
    /** The cache holds at most this fraction of the maximum heap, so a BLEND job beside it still fits. */
    static final double HEAP_FRACTION = 0.25;

    /** What an evaluator was built from: a fold's version changes whenever its OOF predictions are stored again. */
    private record Key(long datasetId, long foldAssignmentId, List<Long> experimentIds, List<Integer> folds,
                       List<List<Long>> versions) {
    }

    private final EvaluatorCache<Key> cache = new EvaluatorCache<>(CACHED,
            (long) (Runtime.getRuntime().maxMemory() * HEAP_FRACTION));
    private final DatasetService datasets;
    private final OofStore oofStore;
    private final ExperimentService experiments;

    BlendProblemLoader(DatasetService datasets, OofStore oofStore, ExperimentService experiments) {
        this.datasets = datasets;
        this.oofStore = oofStore;
        this.experiments = experiments;
    }

    /** The members' OOF rows of the given folds (ascending), in fold order; foldOfRow names each row's fold. */
    BlendProblem load(long datasetId, long foldAssignmentId, List<Long> experimentIds, List<Integer> folds) {
        FoldAssignment assignment = datasets.folds(foldAssignmentId);
        int[] foldOfRow = foldOfRow(assignment, folds);
        List<String> names = new ArrayList<>();
        experimentIds.forEach(id -> names.add(experiments.name(id)));
        Key key = new Key(datasetId, foldAssignmentId, List.copyOf(experimentIds), List.copyOf(folds),
                experimentIds.stream().map(oofStore::versions).toList());
        BlendEvaluator cached = cache.get(key);
        if (cached != null) {
            return new BlendProblem(cached, names, foldOfRow);
        }
        // loaded outside the cache's lock: two first requests for one key may both load it, which is harmless
        BlendEvaluator loaded = build(datasets.table(datasetId), assignment, experimentIds, folds);
        cache.put(key, loaded);
        return new BlendProblem(loaded, names, foldOfRow);
    }

    /** The fold each row of the evaluator comes from: the folds' rows in fold order, as {@link #build} adds them. */
    private static int[] foldOfRow(FoldAssignment assignment, List<Integer> folds) {
        int[] foldOfRow = new int[folds.stream().mapToInt(fold -> assignment.rowsOf(fold).length).sum()];
        int at = 0;
        for (int fold : folds) {
            int rows = assignment.rowsOf(fold).length;
            Arrays.fill(foldOfRow, at, at + rows, fold);
            at += rows;
        }
        return foldOfRow;
    }

    private BlendEvaluator build(DatasetTable table, FoldAssignment assignment, List<Long> experimentIds,
                                 List<Integer> folds) {
        int classes = table.attributeIds().size();
        int models = experimentIds.size();
        BlendEvaluatorBuilder builder = newBuilder(models, classes, labelGroups(table));
        ScreenedRows screened = new ScreenedRows(builder, models, classes);
        // why: each member's fold is streamed a wave of rows at a time into one small buffer a member, not read whole
        // (tens of MB a member: fresh heap, slow to touch on first use, for the few positions a row the screen keeps)
        int chunk = screened.waveRows();
        byte[][] buffers = new byte[models][];
        long start = System.nanoTime();
        long cpu = ProcessCpu.nanos();
        long[] reading = new long[1];
        for (int fold : folds) {
            int[] rows = assignment.rowsOf(fold);
            int f = fold;
            oofStore.streamFold(experimentIds, fold, streams -> {
                float[] thresholds = new float[models];
                for (int m = 0; m < models; m++) {
                    StoredRowStream stream = streams.get(m);
                    if (stream.rows() != rows.length || stream.classes() != classes) {
                        throw new IllegalStateException("experiment " + stream.experimentId() + " fold " + f + " has "
                                + stream.rows() + " x " + stream.classes() + " OOF predictions; the fold has "
                                + rows.length + " x " + classes);
                    }
                    thresholds[m] = (float) stream.threshold();
                }
                for (int from = 0; from < rows.length; from += chunk) {
                    int n = Math.min(chunk, rows.length - from);
                    long read = System.nanoTime();
                    StoredOof[] stored = new StoredOof[models];
                    // why: the members' streams are read side by side (each by one thread at a time)
                    IntStream.range(0, models).parallel().forEach(m -> {
                        stored[m] = streams.get(m).next(n, buffers[m]);
                        buffers[m] = stored[m].data();
                    });
                    reading[0] += System.nanoTime() - read;
                    int[][] labels = new int[n][];
                    for (int i = 0; i < n; i++) {
                        labels[i] = table.trainLabels()[rows[from + i]];
                    }
                    screened.addFold(stored, thresholds, labels);
                }
                streams.forEach(StoredRowStream::finish);
                return null;
            });
        }
        BlendEvaluator evaluator = builder.build();
        log.info("evaluator of {} models over {} rows built in {} s ({} s of the process's CPU): {} s reading the"
                        + " members' stored folds, the rest screening and decoding them and choosing the candidates",
                models, evaluator.rows(), String.format(Locale.ROOT, "%.2f", (System.nanoTime() - start) / 1e9),
                String.format(Locale.ROOT, "%.2f", ProcessCpu.secondsSince(cpu)),
                String.format(Locale.ROOT, "%.2f", reading[0] / 1e9));
        return evaluator;
    }

    /** The builder of every blend problem production loads: margin 0 plus the bounded tier under it. */
    static BlendEvaluatorBuilder newBuilder(int models, int classes, int[] labelGroups) {
        return new BlendEvaluatorBuilder(models, classes, labelGroups, MARGIN, BELOW_MARGIN, BELOW_PER_ROW);
    }

    /** Per class its label group ({@link LabelGroups}: the name's prefix; iMet: 0 = culture, 1 = tag). */
    static int[] labelGroups(DatasetTable table) {
        return table.labelGroups().groupOf();
    }
}
