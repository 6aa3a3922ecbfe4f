package dev.foldhub.ensemble;

import dev.foldhub.scoring.BlendEvaluator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Honest estimate of a blend search: for each fold, fit weights on the OOF rows of the other folds and
 * score them (threshold 0) on that fold's rows. Reported both pooled (rows-weighted) and as a plain mean of
 * fold F2s. The folds' searches run side by side ({@link LockstepSearches}), their points scored together in shared
 * passes over the one evaluator, and {@link #searchAndRun} runs the search on all rows alongside them.
 */
public final class NestedCv {

    private final BlendSearch search;

    public NestedCv(BlendSearch search) {
        this.search = search;
    }

    /**
     * The search on all rows and its nested CV (null with fewer than 2 folds), run together.
     *
     * @param searchSeconds wall time until the search on all rows finished
     * @param nestedSeconds the wall time after that until nested CV finished (held-out scoring included)
     * @param points the weight vectors all searches scored
     * @param fromReferences how many of them were scored from a reference blend rather than in a pass
     * @param passes the passes over the candidates that scored the rest
     */
    public record SearchAndNestedCv(BlendResult result, NestedCvResult nested, double searchSeconds,
                                    double nestedSeconds, int points, int fromReferences, int passes) {
    }

    public NestedCvResult run(BlendProblem problem) {
        return run(problem, false).nested();
    }

    /** The search on all rows with its nested CV; a problem of one fold is searched without it. */
    public SearchAndNestedCv searchAndRun(BlendProblem problem) {
        return run(problem, true);
    }

    private SearchAndNestedCv run(BlendProblem problem, boolean withSearch) {
        long start = System.nanoTime();
        int[] foldOfRow = problem.foldOfRow();
        BlendEvaluator evaluator = problem.evaluator();
        int[] folds = foldOfRow == null ? new int[0] : Arrays.stream(foldOfRow).distinct().sorted().toArray();
        boolean nested = folds.length >= 2;
        if (!withSearch && foldOfRow == null) {
            throw new IllegalArgumentException("nested CV needs the fold of each OOF row");
        }
        if (!withSearch && !nested) {
            throw new IllegalArgumentException("nested CV needs at least 2 folds, got " + folds.length);
        }
        List<LockstepSearches.Task> tasks = new ArrayList<>();
        if (withSearch) {
            tasks.add(new LockstepSearches.Task(search, -1));
        }
        for (int i = 0; nested && i < folds.length; i++) {
            tasks.add(new LockstepSearches.Task(search, folds[i]));
        }
        List<LockstepSearches.Outcome> outcomes = LockstepSearches.run(evaluator, foldOfRow, tasks);
        BlendResult result = withSearch ? outcomes.get(0).result() : null;
        double searchSeconds = withSearch ? result.seconds() : 0;
        int points = outcomes.stream().mapToInt(o -> o.result().evaluations()).sum();
        int fromReferences = outcomes.stream().mapToInt(LockstepSearches.Outcome::fromReferences).sum();
        int passes = outcomes.get(0).passes();
        if (!nested) {
            return new SearchAndNestedCv(result, null, searchSeconds, 0, points, fromReferences, passes);
        }
        double[] foldF2 = new double[folds.length];
        List<BlendResult> fits = new ArrayList<>();
        double pooledSum = 0;
        for (int i = 0; i < folds.length; i++) {
            BlendResult fit = outcomes.get(i + (withSearch ? 1 : 0)).result();
            fits.add(fit);
            int[] held = HeldOutFold.of(foldOfRow, folds[i]).held();
            foldF2[i] = evaluator.restrictTo(held).f2(fit.weights(), 0);
            // pooled F2 = sum over folds of (mean row F2 of the fold) x (its rows), over all rows
            pooledSum += foldF2[i] * held.length;
        }
        double pooled = pooledSum / foldOfRow.length;
        NestedCvResult cv = new NestedCvResult(pooled, Arrays.stream(foldF2).average().orElse(0), folds, foldF2,
                List.copyOf(fits));
        double total = (System.nanoTime() - start) / 1e9;
        return new SearchAndNestedCv(result, cv, searchSeconds, total - searchSeconds, points, fromReferences, passes);
    }
}
