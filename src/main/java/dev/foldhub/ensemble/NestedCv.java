package dev.foldhub.ensemble;

import dev.foldhub.scoring.BlendEvaluator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Honest estimate of a blend search: for each fold, fit weights on the OOF rows of the other folds and
 * score them (threshold 0) on that fold's rows. Reported both pooled (rows-weighted) and as a plain mean of
 * fold F2s. Builds a training and a held-out copy of the candidate data per fold, one fold at a time.
 */
public final class NestedCv {

    private final BlendSearch search;

    public NestedCv(BlendSearch search) {
        this.search = search;
    }

    public NestedCvResult run(BlendProblem problem) {
        int[] foldOfRow = problem.foldOfRow();
        if (foldOfRow == null) {
            throw new IllegalArgumentException("nested CV needs the fold of each OOF row");
        }
        BlendEvaluator evaluator = problem.evaluator();
        int[] folds = Arrays.stream(foldOfRow).distinct().sorted().toArray();
        if (folds.length < 2) {
            throw new IllegalArgumentException("nested CV needs at least 2 folds, got " + folds.length);
        }
        double[] foldF2 = new double[folds.length];
        List<BlendResult> fits = new ArrayList<>();
        double pooledSum = 0;
        for (int i = 0; i < folds.length; i++) {
            int fold = folds[i];
            HeldOutFold split = HeldOutFold.of(foldOfRow, fold);
            BlendResult fit = search.search(evaluator.restrictTo(split.train()));
            fits.add(fit);
            foldF2[i] = evaluator.restrictTo(split.held()).f2(fit.weights(), 0);
            // pooled F2 = sum over folds of (mean row F2 of the fold) x (its rows), over all rows
            pooledSum += foldF2[i] * split.held().length;
        }
        double pooled = pooledSum / foldOfRow.length;
        return new NestedCvResult(pooled, Arrays.stream(foldF2).average().orElse(0), folds, foldF2, List.copyOf(fits));
    }
}
