package dev.foldhub.scoring;

/**
 * A post-processing rule's F2 on a blend's rows.
 *
 * @param f2              sample-averaged F2
 * @param inexactRows     rows whose minLabels fill needed a position the evaluator does not hold
 * @param thresholdsExact whether every threshold is at least the bound under which positions are not held
 */
public record PostprocessScore(double f2, int inexactRows, boolean thresholdsExact) {

    /** Whether f2 equals the dense per-image computation. */
    public boolean exact() {
        return thresholdsExact && inexactRows == 0;
    }
}
