package dev.foldhub.training.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MixupTest {

    // guards mixup: each row is lambda x_i + (1 - lambda) x_partner, targets alike, lambda in (0, 1)
    @Test
    void mixupIsAConvexCombinationWithTheSampledLambda() {
        float[] images = {1, 2, 3, 4, 5, 6};
        float[] targets = {1, 0, 0, 1, 1, 1};
        Random random = new Random(11);
        double lambda = Mixup.mix(images, targets, 3, 0.4, random);
        Random replay = new Random(11);
        assertThat(lambda).isEqualTo(Mixup.beta(0.4, replay)).isBetween(0.0, 1.0);
        int shift = 1 + replay.nextInt(2);
        float[] x = {1, 2, 3, 4, 5, 6};
        float[] y = {1, 0, 0, 1, 1, 1};
        for (int i = 0; i < 3; i++) {
            int p = Math.floorMod(i - shift, 3); // np.roll(arange(3), shift)[i]
            for (int k = 0; k < 2; k++) {
                assertThat(images[2 * i + k]).isCloseTo((float) (lambda * x[2 * i + k] + (1 - lambda) * x[2 * p + k]),
                        offset(1e-6f));
                assertThat(targets[2 * i + k]).isCloseTo((float) (lambda * y[2 * i + k] + (1 - lambda) * y[2 * p + k]),
                        offset(1e-6f));
            }
        }
    }

    // guards the Beta sampler: Beta(a, a) has mean 1/2 and variance 1 / (4 (2a + 1)); a = 0.5 -> 0.125
    @Test
    void betaSamplerHasTheRightMeanAndVariance() {
        Random random = new Random(5);
        double sum = 0, sq = 0;
        int n = 20000;
        for (int i = 0; i < n; i++) {
            double b = Mixup.beta(0.5, random);
            sum += b;
            sq += b * b;
        }
        double mean = sum / n;
        assertThat(mean).isCloseTo(0.5, offset(0.01));
        assertThat(sq / n - mean * mean).isCloseTo(0.125, offset(0.005));
    }
}
