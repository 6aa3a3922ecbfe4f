package dev.foldhub.dataset;

/**
 * One fold assignment of a data set: {@code folds[r]} is the fold (0..numFolds-1) of train.csv row r.
 * Experiments refer to it by id, so it never changes once stored.
 */
public record FoldAssignment(long id, long datasetId, int numFolds, byte[] folds, String contentHash) {

    /** row indices (train.csv order) of the given fold */
    public int[] rowsOf(int fold) {
        int count = 0;
        for (byte f : folds) {
            if (Byte.toUnsignedInt(f) == fold) {
                count++;
            }
        }
        int[] rows = new int[count];
        int n = 0;
        for (int r = 0; r < folds.length; r++) {
            if (Byte.toUnsignedInt(folds[r]) == fold) {
                rows[n++] = r;
            }
        }
        return rows;
    }

    /** The split for {@code fold}: its rows validate, the others train (folds are read unsigned, 0..255). */
    public FoldSplit split(int fold) {
        int[] validation = rowsOf(fold);
        int[] train = new int[folds.length - validation.length];
        int n = 0;
        for (int r = 0; r < folds.length; r++) {
            if (foldOf(r) != fold) {
                train[n++] = r;
            }
        }
        return new FoldSplit(train, validation);
    }

    /** the fold of train.csv row {@code row} */
    public int foldOf(int row) {
        return Byte.toUnsignedInt(folds[row]);
    }
}
