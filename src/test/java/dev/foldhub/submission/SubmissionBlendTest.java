package dev.foldhub.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.foldhub.scoring.PostprocessRule;
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

    // guards that a submission applies the post-processing rule image by image as specified (hand-computed labels):
    // thresholds and the relative cut, then maxLabels keeping the highest, then minLabels adding the highest, ties by class
    @Test
    void predictsByThePostprocessingRule() {
        int[] groupOf = {0, 0, 1, 1, 1}; // culture, culture, tag, tag, tag
        PostprocessRule rule = new PostprocessRule(new double[] {0.1, 0.1}, new int[] {0, 1},
                new int[] {1, PostprocessRule.NO_MAX}, 2, 0.2);
        double[] scores = {
                0.3, 0.2, 0.05, -0.02, -0.2,   // relative cut (0.3 + 0.2) / 2 - 0.2 = 0.05: culture c0 (cap 1), tag filled: c2
                -0.1, -0.3, 0.4, 0.35, 0.01,   // relative cut 0.1: no culture, tag c2 and c3
                0.2, 0.2, -0.5, -0.5, -0.5};   // ties: culture c0 by class order, tag fill c2
        int[][] predicted = SubmissionBlend.predicted(scores, 3, rule, groupOf);
        assertThat(predicted[0]).containsExactly(0, 2);
        assertThat(predicted[1]).containsExactly(2, 3);
        assertThat(predicted[2]).containsExactly(0, 2);
    }

    @Test
    void confidenceIsTheWeightedMeanOfTheMembersFoldMeanProbability() {
        // guards: q = sum_m w_m mean_f p / sum_m w_m, read at the predicted labels only; weights need not sum to 1
        SubmissionBlend.Member a = new SubmissionBlend.Member(1.2, List.of(
                new SubmissionBlend.Fold(new float[] {0.5f, 0.1f, 0.3f, 0.2f}, 0.2),
                new SubmissionBlend.Fold(new float[] {0.3f, 0.1f, 0.1f, 0.4f}, 0.3)));
        SubmissionBlend.Member b = new SubmissionBlend.Member(0.8, List.of(
                new SubmissionBlend.Fold(new float[] {0.1f, 0.5f, 0.2f, 0.9f}, 0.1)));
        float[][] q = SubmissionBlend.confidences(List.of(a, b), new int[][] {{0}, {0, 1}}, 2);
        // row 0 class 0: (1.2 * 0.4 + 0.8 * 0.1) / 2 = 0.28; row 1: class 0 (1.2 * 0.2 + 0.8 * 0.2) / 2 = 0.2,
        // class 1 (1.2 * 0.3 + 0.8 * 0.9) / 2 = 0.54
        assertThat(q[0]).containsExactly(new float[] {0.28f}, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(q[1]).containsExactly(new float[] {0.2f, 0.54f}, org.assertj.core.data.Offset.offset(1e-6f));
        assertThatThrownBy(() -> SubmissionBlend.confidences(List.of(new SubmissionBlend.Member(0, a.folds())),
                new int[][] {{0}}, 2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum to 0");
    }
}
