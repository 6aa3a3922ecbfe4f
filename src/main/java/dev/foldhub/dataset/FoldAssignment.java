package dev.foldhub.dataset;

/**
 * One fold assignment of a data set: {@code folds[r]} is the fold (0..numFolds-1) of train.csv row r, or
 * {@link #TRAIN_ONLY} for a row that trains in every fold and validates in none (a pseudo-labelled test image).
 * Experiments refer to it by id, so it never changes once stored.
 */
public record FoldAssignment(long id, long datasetId, int numFolds, byte[] folds, String contentHash) {

    /** The fold value (unsigned byte 255) of a row that is in no validation set: it trains in every fold. */
    public static final int TRAIN_ONLY = 255;

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

    /** The split for {@code fold}: its rows validate, the others train (folds are read unsigned; TRAIN_ONLY rows train). */
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

    /** the fold of train.csv row {@code row} ({@link #TRAIN_ONLY} for a row in no validation set) */
    public int foldOf(int row) {
        return Byte.toUnsignedInt(folds[row]);
    }

    /** How many rows some fold validates: every row but the {@link #TRAIN_ONLY} ones (the rows a whole OOF has). */
    public int validatedRows() {
        int n = 0;
        for (byte f : folds) {
            n += Byte.toUnsignedInt(f) == TRAIN_ONLY ? 0 : 1;
        }
        return n;
    }
}
