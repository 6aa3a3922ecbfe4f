package dev.foldhub.experiment;

import java.util.List;

/**
 * Who uses an experiment: implemented by the packages that refer to experiments (ensembles, submissions), which this
 * package may not depend on; deleting an experiment asks every implementation first.
 */
public interface ExperimentUsage {

    /** The users of the experiment, oldest first; empty when none. */
    List<ExperimentUser> usersOf(long experimentId);
}
