package dev.foldhub.ensemble;

import dev.foldhub.scoring.BlendEvaluator;

/** A way of choosing blend weights that maximize OOF F2 at threshold 0. Implementations are deterministic. */
public interface BlendSearch {

    /** Short name reported in {@link BlendResult#method()}. */
    String name();

    BlendResult search(BlendEvaluator evaluator);
}
