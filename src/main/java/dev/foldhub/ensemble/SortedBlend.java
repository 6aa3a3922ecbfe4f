package dev.foldhub.ensemble;

import dev.foldhub.scoring.BlendedRows;

/**
 * The blend at the found weights, sorted per row, handed from the threshold tuning to the post-processing, which
 * releases it once it has fitted and scored its rules on all rows when the folds' blends would not fit beside it: at
 * low fold thresholds each is hundreds of MB (45 M positions, 540 MB, at iMet scale with fold thresholds 0.05).
 */
final class SortedBlend {

    private BlendedRows rows;

    SortedBlend(BlendedRows rows) {
        this.rows = rows;
    }

    BlendedRows rows() {
        if (rows == null) {
            throw new IllegalStateException("the sorted blend was released");
        }
        return rows;
    }

    boolean released() {
        return rows == null;
    }

    /** Drops the blend; nothing here holds it any more. */
    void release() {
        rows = null;
    }
}
