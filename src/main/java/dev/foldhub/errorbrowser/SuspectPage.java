package dev.foldhub.errorbrowser;

import java.util.List;

/**
 * Likely missing labels (predicted confidently, absent from train.csv) and likely wrong ones (given, every model
 * rejects them), most confident first, with the settings that judged them.
 */
public record SuspectPage(String kind, long id, long datasetId, double minConfidence, int minModels, double margin,
                          List<SuspectView> missing, List<SuspectView> wrong) {
}
