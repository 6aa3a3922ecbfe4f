package dev.foldhub.ensemble;

import dev.foldhub.scoring.BlendEvaluator;
import dev.foldhub.scoring.BlendedRows;
import dev.foldhub.scoring.PostprocessRule;
import dev.foldhub.scoring.PostprocessScore;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

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

    /** Every rule scored, the chosen one's name, and the step's wall time. */
    record Outcome(List<Scored> rules, String chosen, double seconds) {

        Scored chosenRule() {
            return rules.stream().filter(r -> r.name().equals(chosen)).findFirst().orElseThrow();
        }
    }

    static final String GIVEN = "given";

    /** A task's result: the rules fitted on all rows, or one fold's sums of held-out row F2s a rule. */
    private record Done(List<PostprocessRule> rules, double[] nestedSums) {
    }

    private final PostprocessSearch search;
    /** Heap the step may fill with sorted blends at once (the all-rows one and a fold's, or two folds' in parallel). */
    private final long budget;

    PostprocessTuning(PostprocessSearch search) {
        this(search, Runtime.getRuntime().maxMemory() / 4);
    }

    PostprocessTuning(PostprocessSearch search, long budget) {
        this.search = search;
        this.budget = budget;
    }

    /**
     * @param weights the blend's weights (summing to 1)
     * @param nested  the weight search's nested CV (its per-fold fits), or null for no nested-CV estimate
     * @param offset  the relative rule's offset (the blend's mean fold threshold)
     * @param given   a rule to score instead of searching, or null
     */
    Outcome run(BlendProblem problem, double[] weights, NestedCvResult nested, double offset, PostprocessRule given) {
        return run(problem, new SortedBlend(problem.evaluator().blendedRows(weights)), nested, offset, given);
    }

    /**
     * As {@link #run(BlendProblem, double[], NestedCvResult, double, PostprocessRule)}, given the blend at the weights.
     * When two sorted blends at once would pass the budget, the rules are fitted and scored on all rows first, the blend
     * is released, and the folds run one at a time: at most one sorted blend is held at any time.
     */
    Outcome run(BlendProblem problem, SortedBlend blend, NestedCvResult nested, double offset, PostprocessRule given) {
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
        // why: the fit on all rows and each fold's fit and score are independent (each fold its own blend at its
        // weights), so they run on the common pool unless two more sorted blends at once would pass the budget (then
        // all rows first, the blend released, and the folds one at a time); the per-fold sums are added in fold order,
        // so the result never depends on scheduling. Task 0 fits the rules on all rows, task 1 + i scores fold i.
        boolean parallel = 2 * evaluator.blendedRowsBytes() < budget;
        int[] foldOfRow = problem.foldOfRow();
        List<PostprocessScore> oof = null;
        Done first = null;
        if (!parallel) {
            first = fitOnAllRows(blend.rows(), shapes, offset, given);
            oof = scores(blend.rows(), first.rules());
            blend.release();
        }
        IntStream tasks = IntStream.range(parallel ? 0 : 1, 1 + folds);
        if (parallel) {
            tasks = tasks.parallel();
        }
        Done[] done = tasks.mapToObj(task -> {
            if (task == 0) {
                return fitOnAllRows(blend.rows(), shapes, offset, given);
            }
            int i = task - 1;
            HeldOutFold split = HeldOutFold.of(foldOfRow, nested.folds()[i]);
            BlendedRows atFold = evaluator.blendedRows(nested.fits().get(i).weights());
            double[] sums = new double[names.size()];
            List<PostprocessRule> fitted = search.fitAll(atFold, split.train(), shapes, offset);
            for (int k = 0; k < names.size(); k++) {
                PostprocessRule rule = k < shapes.size() ? fitted.get(k) : given;
                // pooled: sum over folds of (mean row F2 of the fold) x (its rows)
                sums[k] = atFold.score(rule, split.held()).f2() * split.held().length;
            }
            return new Done(null, sums);
        }).toArray(Done[]::new);
        if (parallel) {
            first = done[0];
            oof = scores(blend.rows(), first.rules());
        }
        List<PostprocessRule> rules = first.rules();
        double[] nestedSums = null;
        if (nested != null) {
            nestedSums = new double[names.size()];
            for (int i = 1; i <= folds; i++) {
                double[] sums = done[parallel ? i : i - 1].nestedSums();
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
        return new Outcome(List.copyOf(scored), chosen, (System.nanoTime() - start) / 1e9);
    }

    /** Task 0: every shape's rule fitted on all rows, then the given rule if any. */
    private Done fitOnAllRows(BlendedRows all, List<PostprocessShape> shapes, double offset, PostprocessRule given) {
        List<PostprocessRule> fitted = new ArrayList<>(search.fitAll(all, null, shapes, offset));
        if (given != null) {
            fitted.add(given);
        }
        return new Done(fitted, null);
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
