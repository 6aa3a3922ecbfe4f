package dev.foldhub.dashboard;

import dev.foldhub.experiment.EpochView;
import dev.foldhub.experiment.ExperimentView;
import java.util.List;
import java.util.Map;

/** What the experiment page's event stream sends: the experiment and every fold's epochs, keyed by fold. */
record ExperimentSnapshot(ExperimentView experiment, Map<Integer, List<EpochView>> epochs) {
}
