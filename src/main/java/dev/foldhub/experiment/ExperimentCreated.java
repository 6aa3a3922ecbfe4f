package dev.foldhub.experiment;

import java.util.List;

/**
 * A created experiment and the keys of its config that the trainer accepts but does not use (informational keys
 * such as train.csv or train.min_lr, default-only keys, keys inside a disabled section), in document order.
 */
public record ExperimentCreated(ExperimentView experiment, List<String> ignoredKeys) {
}
