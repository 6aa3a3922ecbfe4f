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

    PostprocessTuning(PostprocessSearch search) {
        this.search = search;
    }

    /**
     * @param weights the blend's weights (summing to 1)
     * @param nested  the weight search's nested CV (its per-fold fits), or null for no nested-CV estimate
     * @param offset  the relative rule's offset (the blend's mean fold threshold)
     * @param given   a rule to score instead of searching, or null
     */
    Outcome run(BlendProblem problem, double[] weights, NestedCvResult nested, double offset, PostprocessRule given) {
        return run(problem, problem.evaluator().blendedRows(weights), nested, offset, given);
    }

    /** As {@link #run(BlendProblem, double[], NestedCvResult, double, PostprocessRule)}, given the blend at the weights. */
    Outcome run(BlendProblem problem, BlendedRows all, NestedCvResult nested, double offset, PostprocessRule given) {
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
        // weights), so they run on the common pool unless two more sorted blends at once would take more than a quarter
        // of the heap (then one at a time); the per-fold sums are added in fold order, so the result never depends on
        // scheduling. Task 0 fits the rules on all rows, task 1 + i scores fold i.
        IntStream tasks = IntStream.range(0, 1 + folds);
        if (2 * evaluator.blendedRowsBytes() < Runtime.getRuntime().maxMemory() / 4) {
            tasks = tasks.parallel();
        }
        int[] foldOfRow = problem.foldOfRow();
        Done[] done = tasks.mapToObj(task -> {
            if (task == 0) {
                List<PostprocessRule> fitted = new ArrayList<>(search.fitAll(all, null, shapes, offset));
                if (given != null) {
                    fitted.add(given);
                }
                return new Done(fitted, null);
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
        List<PostprocessRule> rules = done[0].rules();
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
            PostprocessScore oof = all.score(rules.get(k));
            Double nestedF2 = nestedSums == null ? null : nestedSums[k] / evaluator.rows();
            if (k == 0) {
                referenceOof = oof.f2();
                referenceNested = nestedF2;
            }
            scored.add(new Scored(names.get(k), rules.get(k), oof.f2(), nestedF2, oof.f2() - referenceOof,
                    nestedF2 == null ? null : nestedF2 - referenceNested, oof.exact(), oof.inexactRows()));
            double key = nestedF2 != null ? nestedF2 : oof.f2();
            if (given != null ? names.get(k).equals(GIVEN) : oof.exact() && key > chosenF2) {
                chosen = names.get(k);
                chosenF2 = key;
            }
        }
        return new Outcome(List.copyOf(scored), chosen, (System.nanoTime() - start) / 1e9);
    }
}
