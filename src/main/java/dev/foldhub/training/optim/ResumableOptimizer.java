package dev.foldhub.training.optim;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * An optimizer whose per-parameter state can be read out and put back, so a resumed fold continues exactly where
 * it stopped. why: DJL 0.36's Adam and Sgd keep their moments and update counts in private maps, and
 * {@code Model.save} stores parameters only.
 */
public interface ResumableOptimizer {

    /** The optimizer's state of one parameter: its update count and its arrays (adam: mean, variance; sgd: momentum). */
    record State(int updates, NDArray[] arrays) {
    }

    /** The global update count t of the last step, 0 before the first. */
    int updates();

    /** Each updated parameter's state, by parameter id. */
    Map<String, State> states();

    /**
     * Continues from a saved state: the next step uses update count {@code updates + 1} and these arrays.
     * Arrays must live on the device of their parameter, in a manager that outlives training.
     */
    void restore(int updates, Map<String, State> states);
}
