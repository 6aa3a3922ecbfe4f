package dev.foldhub.scoring.oof;

/**
 * What an {@link OofErrors} keeps and how it judges suspects.
 *
 * @param worstRows     how many rows of lowest F2 to keep
 * @param suspects      how many suspects of each kind to keep
 * @param minConfidence a model backs a missing label when its probability is at least this
 * @param minModels     a missing label needs at least this many backing models
 * @param margin        a model rejects a given label when its probability is below its threshold minus this
 */
public record OofErrorSettings(int worstRows, int suspects, double minConfidence, int minModels, double margin) {

    public OofErrorSettings {
        if (worstRows < 0 || suspects < 0 || minModels < 1 || !(margin >= 0) || !(minConfidence >= 0)
                || minConfidence > 1) {
            throw new IllegalArgumentException("bad settings " + worstRows + ", " + suspects + ", " + minConfidence
                    + ", " + minModels + ", " + margin);
        }
    }
}
