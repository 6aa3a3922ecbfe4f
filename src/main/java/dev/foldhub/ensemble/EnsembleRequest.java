package dev.foldhub.ensemble;

import java.util.List;

/**
 * POST /api/ensembles: blend these experiments' OOF predictions of one data set with a search method; postprocess
 * (optional, {@link PostprocessSpec}): a post-processing rule to score instead of searching one.
 */
record EnsembleRequest(String name, Object dataset, List<Object> experiments, String method, Object postprocess) {
}
