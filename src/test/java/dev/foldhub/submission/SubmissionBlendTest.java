package dev.foldhub.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubmissionBlendTest {

    // guards the reference rule: sum_m w_m * mean_f (p - t_f), hand-computed for 2 models, one with 2 folds
    @Test
    void scoreIsWeightedSumOfFoldMeansOfProbabilityMinusThreshold() {
        SubmissionBlend.Member a = new SubmissionBlend.Member(0.6, List.of(
                new SubmissionBlend.Fold(new float[] {0.5f, 0.1f, 0.3f, 0.2f}, 0.2),
                new SubmissionBlend.Fold(new float[] {0.3f, 0.1f, 0.1f, 0.4f}, 0.3)));
        SubmissionBlend.Member b = new SubmissionBlend.Member(0.4, List.of(
                new SubmissionBlend.Fold(new float[] {0.1f, 0.5f, 0.2f, 0.2f}, 0.1)));
        double[] s = SubmissionBlend.scores(List.of(a, b), 2, 2);
        // [0,0]: 0.6 * ((0.3 + 0.0) / 2) + 0.4 * 0.0 = 0.09
        assertThat(s[0]).isCloseTo(0.09, within(1e-6));
        // [0,1]: 0.6 * ((-0.1 - 0.2) / 2) + 0.4 * 0.4 = -0.09 + 0.16 = 0.07
        assertThat(s[1]).isCloseTo(0.07, within(1e-6));
        // [1,0]: 0.6 * ((0.1 - 0.2) / 2) + 0.4 * 0.1 = -0.03 + 0.04 = 0.01
        assertThat(s[2]).isCloseTo(0.01, within(1e-6));
        // [1,1]: 0.6 * ((0.0 + 0.1) / 2) + 0.4 * 0.1 = 0.03 + 0.04 = 0.07
        assertThat(s[3]).isCloseTo(0.07, within(1e-6));
    }

    // guards "positive = predicted": a score of exactly the threshold is not a prediction, and per-class thresholds apply
    @Test
    void predictsClassesStrictlyAboveTheirThreshold() {
        double[] s = {0.09, 0.0, -0.01, 0.01, 0.05, 0.2};
        assertThat(SubmissionBlend.predicted(s, 2, 3, new double[] {0, 0, 0})).isDeepEqualTo(new int[][] {{0}, {0, 1, 2}});
        assertThat(SubmissionBlend.predicted(s, 2, 3, new double[] {0.1, -0.05, 0.1}))
                .isDeepEqualTo(new int[][] {{1}, {1, 2}});
    }

    // guards that predictions of the wrong shape are refused instead of blended
    @Test
    void refusesPredictionsOfTheWrongShape() {
        SubmissionBlend.Member m = new SubmissionBlend.Member(1, List.of(new SubmissionBlend.Fold(new float[3], 0.1)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SubmissionBlend.scores(List.of(m), 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 x 2");
    }
}
