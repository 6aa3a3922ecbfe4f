package dev.foldhub.ensemble;

import dev.foldhub.scoring.BlendEvaluator;
import java.util.List;

/**
 * A blend search's input: the evaluator of the models' centered OOF matrices, their names (in evaluator
 * order) and, for nested CV, the fold each OOF row was held out in (null when unknown).
 */
public record BlendProblem(BlendEvaluator evaluator, List<String> modelNames, int[] foldOfRow) {

    public BlendProblem {
        modelNames = List.copyOf(modelNames);
        if (modelNames.size() != evaluator.models()) {
            throw new IllegalArgumentException("expected " + evaluator.models() + " model names, got " + modelNames.size());
        }
        if (foldOfRow != null && foldOfRow.length != evaluator.rows()) {
            throw new IllegalArgumentException("expected a fold for each of " + evaluator.rows() + " rows, got " + foldOfRow.length);
        }
    }
}
