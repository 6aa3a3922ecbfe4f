package dev.foldhub.ensemble;

import dev.foldhub.scoring.BlendEvaluator;
import dev.foldhub.scoring.BlendedRows;
import dev.foldhub.scoring.PostprocessRule;
import dev.foldhub.scoring.PostprocessScore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The BLEND job's post-processing step, after the weights: each shape ({@link PostprocessShape}) fitted on the OOF at
 * the blend's weights and scored there, and honestly by nested CV (per fold: the weights fitted without the fold, the
 * rule fitted on the other folds' rows at those weights, scored on the fold's rows, pooled over rows). The chosen rule
 * is the one with the highest nested-CV F2 among those whose OOF F2 is exact (the first on ties: shapes are listed
 * simplest first; the reference's is always exact), so a submission never applies a rule scored on positions the
 * evaluator does not hold. A given rule is only scored, beside the reference's, and chosen.
 */
final class PostprocessTuning {

    /** One rule's scores; gains are over the reference's rule (threshold 0) under the same estimate. */
    record Scored(String name, PostprocessRule rule, double oofF2, Double nestedCvF2, double oofGain, Double nestedCvGain,
                  boolean exact, int inexactRows) {
    }

    /**
     * Every rule scored, the chosen one's name, the plain thresholds tuned on all rows ({@link ThresholdTuning}; null
     * when not asked for), and the step's wall time.
     */
    record Outcome(List<Scored> rules, String chosen, TunedThresholds thresholds, double seconds) {

        Scored chosenRule() {
            return rules.stream().filter(r -> r.name().equals(chosen)).findFirst().orElseThrow();
        }
    }

    static final String GIVEN = "given";

    /**
     * A task's result: on all rows the rules fitted, their scores and the tuned thresholds; for a fold its sums of
     * held-out row F2s a rule.
     */
    private record Done(List<PostprocessRule> rules, List<PostprocessScore> scores, TunedThresholds thresholds,
                        double[] nestedSums) {
    }

    private final PostprocessSearch search;
    /** Heap the step may fill with sorted blends at once: one a task running ({@link #workers}). */
    private final long budget;

    PostprocessTuning(PostprocessSearch search) {
        this(search, Runtime.getRuntime().maxMemory() / 4);
    }

    PostprocessTuning(PostprocessSearch search, long budget) {
        this.search = search;
        this.budget = budget;
    }

    /** As {@link #run(BlendProblem, double[], NestedCvResult, double, PostprocessRule, ThresholdTuning)}, no thresholds. */
    Outcome run(BlendProblem problem, double[] weights, NestedCvResult nested, double offset, PostprocessRule given) {
        return run(problem, weights, nested, offset, given, null);
    }

    /**
     * The blend at these weights sorted per row, with only the positions the step's rules can read: every position
     * above the evaluator's exact bound and the highest {@link #fills} of the others a row and group.
     */
    static BlendedRows blendedRows(BlendEvaluator evaluator, double[] weights, PostprocessRule given) {
        return evaluator.blendedRows(weights, fills(given, evaluator.minExactThreshold(weights)));
    }

    /**
     * How many positions at or under the bound a row and group must keep for the step's rules to score as on the whole
     * blend: the most any searched shape or the given rule fills (minLabels), or all of them when the given rule has a
     * threshold under the bound (such a rule is inexact, and still scored on every position held).
     */
    static int fills(PostprocessRule given, double bound) {
        int fills = Arrays.stream(PostprocessSearch.MIN_LABELS).max().orElse(0);
        if (given != null) {
            for (int g = 0; g < given.groups(); g++) {
                if (!(given.thresholds()[g] >= bound)) {
                    return Integer.MAX_VALUE;
                }
                fills = Math.max(fills, given.minLabels()[g]);
            }
        }
        return fills;
    }

    /**
     * The step: task 0 blends all rows at the weights (sorted per row), tunes the plain thresholds there when asked,
     * fits every shape and scores the rules; task 1 + i blends all rows at nested CV's weights of fold i, fits the rules
     * on the other folds' rows and scores them on fold i's. The tasks are independent, so they run side by side, as many
     * at once as the budget holds sorted blends (with room for one, one at a time, task 0 first: at most one sorted blend
     * is held at any time). The per-fold sums are added in fold order, so the result never depends on scheduling.
     *
     * @param weights    the blend's weights (summing to 1)
     * @param nested     the weight search's nested CV (its per-fold fits), or null for no nested-CV estimate
     * @param offset     the relative rule's offset (the blend's mean fold threshold)
     * @param given      a rule to score instead of searching, or null
     * @param thresholds the plain thresholds' tuning to run on all rows, or null
     */
    Outcome run(BlendProblem problem, double[] weights, NestedCvResult nested, double offset, PostprocessRule given,
                ThresholdTuning thresholds) {
        long start = System.nanoTime();
        BlendEvaluator evaluator = problem.evaluator();
        List<String> names = new ArrayList<>();
        List<PostprocessShape> shapes = new ArrayList<>();
        for (PostprocessShape shape : PostprocessShape.values()) {
            if (given == null || shape == PostprocessShape.REFERENCE) {
                names.add(shape.label);
                shapes.add(shape);
            }
        }
        if (given != null) {
            names.add(GIVEN);
        }
        int folds = nested == null ? 0 : nested.folds().length;
        int[] foldOfRow = problem.foldOfRow();
        Done[] done = new Done[1 + folds];
        IntFunction<Done> task = t -> {
            if (t == 0) {
                return onAllRows(evaluator, weights, shapes, offset, given, thresholds);
            }
            int i = t - 1;
            HeldOutFold split = HeldOutFold.of(foldOfRow, nested.folds()[i]);
            BlendedRows atFold = blendedRows(evaluator, nested.fits().get(i).weights(), given);
            double[] sums = new double[names.size()];
            List<PostprocessRule> fitted = search.fitAll(atFold, split.train(), shapes, offset);
            for (int k = 0; k < names.size(); k++) {
                PostprocessRule rule = k < shapes.size() ? fitted.get(k) : given;
                // pooled: sum over folds of (mean row F2 of the fold) x (its rows)
                sums[k] = atFold.score(rule, split.held()).f2() * split.held().length;
            }
            return new Done(null, null, null, sums);
        };
        runTasks(done, task, workers(evaluator.blendedRowsBytes(), done.length));
        List<PostprocessRule> rules = done[0].rules();
        List<PostprocessScore> oof = done[0].scores();
        double[] nestedSums = null;
        if (nested != null) {
            nestedSums = new double[names.size()];
            for (int i = 1; i <= folds; i++) {
                double[] sums = done[i].nestedSums();
                for (int k = 0; k < sums.length; k++) {
                    nestedSums[k] += sums[k];
                }
            }
        }
        List<Scored> scored = new ArrayList<>();
        double referenceOof = 0;
        Double referenceNested = null;
        String chosen = null;
        double chosenF2 = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < rules.size(); k++) {
            PostprocessScore score = oof.get(k);
            Double nestedF2 = nestedSums == null ? null : nestedSums[k] / evaluator.rows();
            if (k == 0) {
                referenceOof = score.f2();
                referenceNested = nestedF2;
            }
            scored.add(new Scored(names.get(k), rules.get(k), score.f2(), nestedF2, score.f2() - referenceOof,
                    nestedF2 == null ? null : nestedF2 - referenceNested, score.exact(), score.inexactRows()));
            double key = nestedF2 != null ? nestedF2 : score.f2();
            if (given != null ? names.get(k).equals(GIVEN) : score.exact() && key > chosenF2) {
                chosen = names.get(k);
                chosenF2 = key;
            }
        }
        return new Outcome(List.copyOf(scored), chosen, done[0].thresholds(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * How many tasks run at once: the common pool's threads and the caller, as many as the budget holds sorted blends
     * (each at most blendBytes), at least 1.
     */
    int workers(long blendBytes, int tasks) {
        long room = budget / Math.max(1, blendBytes);
        return (int) Math.max(1, Math.min(Math.min(tasks, ForkJoinPool.getCommonPoolParallelism() + 1L), room));
    }

    /**
     * done[t] = task(t) for every t, on this many workers (the caller and the rest on the common pool), each taking the
     * next task in order when it is free: task 0, the longest (it tunes the thresholds too), starts first, and the
     * others fill in behind it, so no worker is left alone with it at the end.
     */
    private static void runTasks(Done[] done, IntFunction<Done> task, int workers) {
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int t = next.getAndIncrement(); t < done.length; t = next.getAndIncrement()) {
                done[t] = task.apply(t);
            }
        };
        List<ForkJoinTask<?>> helpers = new ArrayList<>();
        for (int w = 1; w < workers; w++) {
            helpers.add(ForkJoinPool.commonPool().submit(worker));
        }
        try {
            worker.run();
        } catch (RuntimeException | Error e) {
            next.set(done.length); // no new task starts; the helpers finish theirs
            helpers.forEach(ForkJoinTask::quietlyJoin);
            throw e;
        }
        for (ForkJoinTask<?> helper : helpers) {
            helper.join(); // a task's exception comes through as thrown (ForkJoinTask rethrows it unwrapped)
        }
    }

    /**
     * Task 0: the blend at the weights on all rows, the plain thresholds tuned on it (when asked), every shape's rule
     * fitted, then the given rule if any, and each rule's score there (its OOF F2).
     */
    private Done onAllRows(BlendEvaluator evaluator, double[] weights, List<PostprocessShape> shapes, double offset,
                           PostprocessRule given, ThresholdTuning thresholds) {
        BlendedRows all = blendedRows(evaluator, weights, given);
        TunedThresholds tuned = thresholds == null ? null : thresholds.tune(evaluator, weights, all);
        List<PostprocessRule> fitted = new ArrayList<>(search.fitAll(all, null, shapes, offset));
        if (given != null) {
            fitted.add(given);
        }
        return new Done(List.copyOf(fitted), scores(all, fitted), tuned, null);
    }

    /** Each rule's score on all rows (its OOF F2). */
    private static List<PostprocessScore> scores(BlendedRows all, List<PostprocessRule> rules) {
        List<PostprocessScore> scores = new ArrayList<>();
        for (PostprocessRule rule : rules) {
            scores.add(all.score(rule));
        }
        return scores;
    }
}
