package dev.foldhub.training.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReferenceLossTest {

    // a 2x3 batch; the second row has a mixed-up (soft) target to cover mixup's labels
    static final double[][] X = {{2.0, -1.0, 0.5}, {-0.5, 1.5, -3.0}};
    static final double[][] Y = {{1, 0, 1}, {0, 1, 0.3}};

    static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    // guards binary_cross_entropy = BCEWithLogitsLoss: mean over the 6 elements of -(y log s + (1-y) log(1-s))
    @Test
    void bceIsTheMeanElementwiseCrossEntropyOnLogits() {
        assertThat(loss("binary_cross_entropy", 0)).isCloseTo(sum(ReferenceLossTest::bce) / 6, offset(1e-5));
    }

    // guards focal_loss: gamma is always 2 and the loss is summed over classes, then averaged over the 2 rows
    @Test
    void focalLossWeightsEachBceBySigmoidOfTheWrongSideSquared() {
        // focal = bce(x, y) * sigmoid(-x (2y - 1))^2, per element; sum over all / 2 rows
        double expected = sum((x, y) -> bce(x, y) * Math.pow(s(-x * (2 * y - 1)), 2)) / 2;
        assertThat(loss("focal_loss", 0)).isCloseTo(expected, offset(1e-5));
    }

    // guards f2_loss: 1 - mean over rows of 5 P R / (4 P + R + 1e-6) with soft counts of sigmoid(x)
    @Test
    void f2LossIsOneMinusTheMeanSoftF2() {
        double fsSum = 0;
        for (int r = 0; r < 2; r++) {
            double tp = 0, pos = 1e-6, truePos = 1e-6;
            for (int c = 0; c < 3; c++) {
                tp += Y[r][c] * s(X[r][c]);
                pos += s(X[r][c]);
                truePos += Y[r][c];
            }
            double p = tp / pos, rec = tp / truePos;
            fsSum += 5 * p * rec / (4 * p + rec + 1e-6);
        }
        assertThat(loss("f2_loss", 0)).isCloseTo(1 - fsSum / 2, offset(1e-5));
    }

    // guards mixed_bce_focal and mixed_bce_f2: bce + weight * second loss, with the given weight
    @Test
    void mixedLossesAddTheWeightedSecondTerm() {
        double bce = loss("binary_cross_entropy", 0);
        assertThat(loss("mixed_bce_focal", 0.3)).isCloseTo(bce + 0.3 * loss("focal_loss", 0), offset(1e-5));
        assertThat(loss("mixed_bce_f2", 0.5)).isCloseTo(bce + 0.5 * loss("f2_loss", 0), offset(1e-5));
    }

    // guards forgiving_loss: bce(x, y) + w * bce(x * y, y), so a negative label's logit is zeroed in the 2nd term
    @Test
    void forgivingLossAddsBceOfLogitsMaskedByTheTargets() {
        double second = sum((x, y) -> bce(x * y, y)) / 6;
        double expected = sum(ReferenceLossTest::bce) / 6 + 3 * second;
        assertThat(loss("forgiving_loss", 3)).isCloseTo(expected, offset(1e-5));
    }

    // guards the reference's default weights (losses.py: mixed 0.3, forgiving 1.0) and unknown names
    @Test
    void defaultWeightsFollowTheReferenceAndUnknownLossesAreRefused() {
        assertThat(ReferenceLoss.defaultWeight("mixed_bce_f2")).isEqualTo(0.3);
        assertThat(ReferenceLoss.defaultWeight("forgiving_loss")).isEqualTo(1.0);
        assertThatThrownBy(() -> new ReferenceLoss("mse_loss", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static double loss(String name, double weight) {
        float[] x = new float[6];
        float[] y = new float[6];
        for (int i = 0; i < 6; i++) {
            x[i] = (float) X[i / 3][i % 3];
            y[i] = (float) Y[i / 3][i % 3];
        }
        try (NDManager scope = manager.newSubManager()) {
            return new ReferenceLoss(name, weight).evaluate(
                    new NDList(scope.create(y, new Shape(2, 3))), new NDList(scope.create(x, new Shape(2, 3))))
                    .getFloat();
        }
    }

    private interface ElementLoss {
        double of(double x, double y);
    }

    private static double sum(ElementLoss f) {
        double total = 0;
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 3; c++) {
                total += f.of(X[r][c], Y[r][c]);
            }
        }
        return total;
    }

    private static double s(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double bce(double x, double y) {
        return -(y * Math.log(s(x)) + (1 - y) * Math.log(1 - s(x)));
    }
}
