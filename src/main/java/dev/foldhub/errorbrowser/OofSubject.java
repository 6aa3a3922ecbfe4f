package dev.foldhub.errorbrowser;

import java.util.List;

/**
 * What an error browser judges: an experiment (one member, weight 1) or an ensemble's blend at its weights. A label
 * is predicted where sum_m w_m (p_m - fold threshold_m) &gt; 0.
 *
 * @param kind    "experiment" or "ensemble"
 * @param names   the members' experiment names, in member order
 * @param folds   the folds to read (an ensemble's blended folds; every fold of the assignment for an experiment)
 */
record OofSubject(String kind, long id, long datasetId, long foldAssignmentId, List<Long> members, List<String> names,
                  double[] weights, List<Integer> folds) {
}
