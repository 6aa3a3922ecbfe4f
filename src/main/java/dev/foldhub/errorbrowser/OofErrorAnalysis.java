package dev.foldhub.errorbrowser;

import dev.foldhub.dataset.DatasetTable;
import dev.foldhub.scoring.oof.OofErrors;

/** The OOF errors of an experiment or ensemble, with the data set table that names rows and labels. */
record OofErrorAnalysis(OofSubject subject, DatasetTable table, OofErrors errors) {

    long datasetId() {
        return subject.datasetId();
    }
}
