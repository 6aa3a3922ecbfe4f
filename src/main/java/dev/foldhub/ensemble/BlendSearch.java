package dev.foldhub.ensemble;

import dev.foldhub.scoring.BlendEvaluator;
import java.util.List;

/** A way of choosing blend weights that maximize OOF F2 at threshold 0. Implementations are deterministic. */
public interface BlendSearch {

    /** Short name reported in {@link BlendResult#method()}. */
    String name();

    /** Searches on the scorer's rows. */
    BlendResult search(BlendScorer scorer);

    /** Searches on all the evaluator's rows. */
    default BlendResult search(BlendEvaluator evaluator) {
        return search(BlendScorer.of(evaluator));
    }

    /**
     * The searches this one runs, each on the same rows, and how it makes its result of theirs: itself alone by
     * default. {@link LockstepSearches} runs the parts side by side, scoring their points together.
     */
    default List<BlendSearch> parts() {
        return List.of(this);
    }

    /** This search's result from its parts' results (in the order of {@link #parts()}). */
    default BlendResult combine(List<BlendResult> partResults) {
        return partResults.get(0);
    }
}
