package dev.foldhub.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StratifiedFoldAssignerTest {

    private static final int CLASSES = 25;

    @Test
    void sameInputGivesTheSameFolds() {
        // guards: a data set registered twice gets the same split (seeded shuffle and tie breaks)
        int[][] rows = rows(500, 1);
        assertThat(StratifiedFoldAssigner.assign(rows, CLASSES, 5))
                .containsExactly(StratifiedFoldAssigner.assign(rows(500, 1), CLASSES, 5));
    }

    @Test
    void everyLabelWithAtLeastKRowsIsInEveryFold() {
        // guards: the point of stratifying: each fold validates every label that can be split
        int k = 5;
        int[][] rows = rows(1000, 2);
        byte[] folds = StratifiedFoldAssigner.assign(rows, CLASSES, k);
        int[] total = new int[CLASSES];
        int[][] perFold = new int[k][CLASSES];
        for (int r = 0; r < rows.length; r++) {
            for (int c : rows[r]) {
                total[c]++;
                perFold[folds[r]][c]++;
            }
        }
        for (int c = 0; c < CLASSES; c++) {
            for (int f = 0; f < k && total[c] >= k; f++) {
                assertThat(perFold[f][c]).as("label %d (%d rows) in fold %d", c, total[c], f).isPositive();
            }
        }
    }

    @Test
    void foldSizesAreBalancedAndInRange() {
        // guards: folds of similar size, values 0..k-1 only
        for (int k : new int[] {2, 4, 5, 10}) {
            byte[] folds = StratifiedFoldAssigner.assign(rows(1000, 3), CLASSES, k);
            int[] sizes = new int[k];
            for (byte f : folds) {
                assertThat((int) f).isBetween(0, k - 1);
                sizes[f]++;
            }
            for (int size : sizes) {
                assertThat(size).as("k=%d sizes", k).isBetween(1000 / k * 85 / 100, 1000 / k * 115 / 100);
            }
        }
    }

    @Test
    void rejectsFewerThanTwoFolds() {
        // guards: k = 1 would leave no validation fold
        assertThatThrownBy(() -> StratifiedFoldAssigner.assign(rows(10, 1), CLASSES, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A rare primary label 0..19 (5..~60 rows each) and often a common label 20..24, in that order. */
    static int[][] rows(int n, long seed) {
        Random random = new Random(seed);
        int[][] rows = new int[n][];
        for (int r = 0; r < n; r++) {
            int primary = (int) Math.min(19, Math.floor(-Math.log(1 - random.nextDouble()) * 6));
            rows[r] = r < 100 ? new int[] {r % 20} // at least 5 rows of every primary label
                    : random.nextBoolean() ? new int[] {20 + random.nextInt(5), primary} : new int[] {primary};
        }
        return rows;
    }
}
