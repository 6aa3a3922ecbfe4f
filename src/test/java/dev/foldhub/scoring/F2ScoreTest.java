package dev.foldhub.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class F2ScoreTest {

    @Test
    void rowF2ByCountsIsRowF2ToTheLastBitInsideAndOutsideItsTable() {
        // guards the table the blend kernels read: a wrong index or bound would change every blend's F2
        for (int labels = 0; labels <= 40; labels++) {
            for (int predicted = 0; predicted <= 80; predicted++) {
                for (int tp = 0; tp <= Math.min(labels, predicted); tp++) {
                    double expected = tp > 0 ? F2Score.rowF2(tp, predicted - tp, labels - tp) : 0;
                    assertThat(F2Score.rowF2ByCounts(tp, predicted, labels))
                            .as("tp %d predicted %d labels %d", tp, predicted, labels).isEqualTo(expected);
                }
            }
        }
        assertThat(F2Score.rowF2ByCounts(3, 4000, 9)).isEqualTo(F2Score.rowF2(3, 3997, 6));
    }

    @Test
    void sampleAveragedMatchesTheReferenceFormulaOnAHandWorkedExample() {
        // row 0: labels {0, 2}, predicted {0, 1} -> tp 1, fp 1, fn 1; row 1: label {1}, predicted {1} -> F2 1
        float[] p = {0.9f, 0.8f, 0.1f, 0.1f, 0.7f, 0.2f};
        double f2 = F2Score.sampleAveraged(p, new int[][] {{0, 2}, {1}}, 3, 0.5);
        double precision = 1 / (2 + 1e-12);
        double recall = 1 / (2 + 1e-12);
        double row0 = 5 * precision * recall / (4 * precision + recall + 1e-12);
        double row1 = 5 * (1 / (1 + 1e-12)) * (1 / (1 + 1e-12)) / (4 / (1 + 1e-12) + 1 / (1 + 1e-12) + 1e-12);
        assertThat(f2).isEqualTo((row0 + row1) / 2);
    }
}
