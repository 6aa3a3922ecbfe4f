package dev.foldhub.errorbrowser;

import dev.foldhub.dataset.DatasetTable;
import dev.foldhub.scoring.oof.OofErrors;
import java.util.List;

/**
 * An experiment's OOF errors with what names them.
 *
 * @param models the model names in the order of every probability array
 */
record OofErrorAnalysis(long experimentId, String experimentName, long datasetId, DatasetTable table,
                        List<String> models, OofErrors errors) {
}
