package dev.foldhub.dashboard;

import dev.foldhub.experiment.ExperimentView;
import dev.foldhub.experiment.FoldView;
import java.util.Objects;

/**
 * The F2 axis of the compare chart, zoomed to the data: from the lowest (mean - std or fold F2) to the highest
 * (mean + std or fold F2), padded by a tenth of the span (at least 0.005), on steps of 0.005, within 0..1. Drawn
 * from 0 the 0.01-0.02 differences that decide between models would be invisible.
 */
record F2Axis(double min, double max) {

    private static final double STEP = 0.005;

    /** The axis for these experiments, or null when none has a finished fold. */
    static F2Axis of(Iterable<ExperimentView> experiments) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (ExperimentView e : experiments) {
            if (e.cvMean() != null) {
                double std = e.cvStd() == null ? 0 : e.cvStd();
                lo = Math.min(lo, e.cvMean() - std);
                hi = Math.max(hi, e.cvMean() + std);
            }
            for (Double f2 : e.folds().stream().map(FoldView::bestF2).filter(Objects::nonNull).toList()) {
                lo = Math.min(lo, f2);
                hi = Math.max(hi, f2);
            }
        }
        if (lo > hi) {
            return null;
        }
        double pad = Math.max(STEP, (hi - lo) * 0.1);
        double min = Math.max(0, Math.floor((lo - pad) / STEP) * STEP);
        double max = Math.min(1, Math.ceil((hi + pad) / STEP) * STEP);
        // why: rounding to the step can leave 0.6000000000000001; the chart shows the axis as written here
        return new F2Axis(Math.round(min * 1000) / 1000.0, Math.round(max * 1000) / 1000.0);
    }
}
