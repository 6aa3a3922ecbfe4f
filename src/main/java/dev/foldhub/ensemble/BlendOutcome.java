package dev.foldhub.ensemble;

/**
 * What a blend search found, ready to store: weights in member order (normalized to sum 1), the OOF F2
 * of the blend at threshold 0, the equal-weight baseline, the nested-CV estimate, the search's cost, and
 * the optional threshold tunings reported beside the plain result (null when not run), and where the job's time went.
 */
record BlendOutcome(String method, double[] weights, double oofF2, double equalWeightF2, Double nestedCvF2,
                    int evaluations, BlendTimings timings, Double tunedThreshold, Double tunedF2, Double cultureThreshold,
                    Double tagThreshold, Double groupTunedF2) {
}
