package dev.foldhub.experiment;

import java.util.List;

/** The answer to training more folds of an experiment: the experiment as it is now, the folds queued and their jobs. */
public record FoldsQueued(ExperimentView experiment, List<Integer> folds, List<Long> jobIds) {
}
