package dev.foldhub.training;

import java.util.List;

/**
 * What one fold of a level-2 stacker trains on: per row the M members' probabilities of the C labels, laid out
 * member-major ({@code features[r * M * C + m * C + c] = member m's p(c) for row r}), with the row's labels.
 * The training rows are the other folds' OOF rows, the validation rows are the fold's own OOF rows (in OOF order),
 * the test rows the members' test predictions; the rows' train.csv ids say which is which.
 *
 * @param trainRowIds      train.csv row of each training row
 * @param validationRowIds train.csv row of each validation row
 * @param test             test features, or null when a member has no test predictions
 * @param seed             seeds initialisation, shuffling and dropout
 */
public record StackingData(int members, int classes, float[] train, int[][] trainLabels, int[] trainRowIds,
                           float[] validation, int[][] validationLabels, int[] validationRowIds, float[] test,
                           int testRows, long seed) {

    public StackingData {
        int width = members * classes;
        check("train", train, trainLabels.length, width, trainRowIds.length);
        check("validation", validation, validationLabels.length, width, validationRowIds.length);
        if (test != null && (long) testRows * width != test.length) {
            throw new IllegalArgumentException("test: expected " + testRows + " x " + width + " features");
        }
    }

    /** Features per row: M x C. */
    public int width() {
        return members * classes;
    }

    /**
     * Interleaves per-member matrices (each rows x C, row-major, the same rows in the same order) into stacker
     * features; null when {@code byMember} is null.
     */
    public static float[] interleave(List<float[]> byMember, int rows, int classes) {
        if (byMember == null) {
            return null;
        }
        int m = byMember.size();
        float[] out = new float[rows * m * classes];
        for (int i = 0; i < m; i++) {
            float[] member = byMember.get(i);
            if (member.length != rows * classes) {
                throw new IllegalArgumentException("member " + i + ": expected " + rows + " x " + classes
                        + " probabilities, got " + member.length);
            }
            for (int r = 0; r < rows; r++) { // out[r, i, :] = member[r, :]
                System.arraycopy(member, r * classes, out, (r * m + i) * classes, classes);
            }
        }
        return out;
    }

    private static void check(String what, float[] features, int labelRows, int width, int ids) {
        if (labelRows != ids || (long) ids * width != features.length) {
            throw new IllegalArgumentException(what + ": " + ids + " rows need " + ids + " label rows and " + ids
                    + " x " + width + " features, got " + labelRows + " and " + features.length);
        }
    }
}
