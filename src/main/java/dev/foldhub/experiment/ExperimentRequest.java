package dev.foldhub.experiment;

/** The JSON form of an experiment submission; folds may be "0,1" or [0, 1], dataset an id or a name. */
record ExperimentRequest(String name, Object dataset, Object folds, String config) {
}
