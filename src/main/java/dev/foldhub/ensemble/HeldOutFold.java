package dev.foldhub.ensemble;

/**
 * The rows of a blend problem split at one fold for nested CV: the other folds' rows fit, the fold's own rows are
 * held out and scored. Both in row order.
 */
record HeldOutFold(int[] train, int[] held) {

    static HeldOutFold of(int[] foldOfRow, int fold) {
        int heldRows = 0;
        for (int f : foldOfRow) {
            heldRows += f == fold ? 1 : 0;
        }
        int[] train = new int[foldOfRow.length - heldRows];
        int[] held = new int[heldRows];
        int t = 0;
        int h = 0;
        for (int r = 0; r < foldOfRow.length; r++) {
            if (foldOfRow[r] == fold) {
                held[h++] = r;
            } else {
                train[t++] = r;
            }
        }
        return new HeldOutFold(train, held);
    }
}
