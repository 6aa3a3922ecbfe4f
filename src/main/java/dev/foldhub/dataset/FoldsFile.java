package dev.foldhub.dataset;

import dev.foldhub.prediction.Npy;
import dev.foldhub.errors.InvalidInputException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Checks an uploaded folds.npy and hashes fold bytes. */
final class FoldsFile {

    static final String FIELD = "folds.npy";

    /**
     * An accepted assignment: one byte per train row, values 0..numFolds-1 or 255 (FoldAssignment.TRAIN_ONLY: in no
     * validation set), every fold non-empty.
     */
    record Checked(byte[] folds, int numFolds) {
    }

    private FoldsFile() {
    }

    static Checked check(byte[] npy, int numTrainRows) {
        byte[] folds;
        try {
            folds = Npy.readUint8(npy);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(FIELD, e.getMessage() + " (expected a 1-D uint8 array)");
        }
        if (folds.length != numTrainRows) {
            throw new InvalidInputException(FIELD, "has " + folds.length + " values but train.csv has "
                    + numTrainRows + " rows");
        }
        int k = 0;
        for (byte f : folds) {
            int fold = Byte.toUnsignedInt(f);
            k = fold == FoldAssignment.TRAIN_ONLY ? k : Math.max(k, fold + 1);
        }
        if (k < 2) {
            throw new InvalidInputException(FIELD, "needs at least 2 folds (values 0..k-1), found max value " + (k - 1));
        }
        int[] sizes = new int[k];
        for (byte f : folds) {
            int fold = Byte.toUnsignedInt(f);
            if (fold != FoldAssignment.TRAIN_ONLY) {
                sizes[fold]++;
            }
        }
        for (int fold = 0; fold < k; fold++) {
            if (sizes[fold] == 0) {
                throw new InvalidInputException(FIELD, "fold " + fold + " of 0.." + (k - 1) + " has no rows");
            }
        }
        return new Checked(folds, k);
    }

    /** sha-256 of the bytes, lower-case hex */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
