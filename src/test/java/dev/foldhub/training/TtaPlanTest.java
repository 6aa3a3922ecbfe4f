package dev.foldhub.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TtaPlanTest {

    /** A "model" whose logit is the image's top-left pixel, so the mirrored view reads the top-right pixel. */
    private static final Function<NDList, NDList> TOP_LEFT = in -> new NDList(
            in.singletonOrThrow().get(":, 0, 0, 0").reshape(-1, 1));

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** One 1-class image of side 2 whose left column is {@code left} and right column {@code right}. */
    private static NDArray image(NDManager m, float left, float right) {
        float[] chw = new float[3 * 2 * 2];
        for (int i = 0; i < chw.length; i += 2) {
            chw[i] = left;
            chw[i + 1] = right;
        }
        return m.create(chw, new Shape(1, 3, 2, 2));
    }

    @Test
    void viewsAlternateOriginalAndMirroredAsDataLoaderPy() {
        // guards data_loader.py's order: crops[i] flipped when i % 2 != 0
        TtaPlan plan = new TtaPlan(5, TtaCombine.MEAN);
        List<Boolean> flips = new ArrayList<>();
        for (int i = 0; i < plan.numTtas(); i++) {
            flips.add(plan.flipped(i));
        }
        assertThat(flips).containsExactly(false, true, false, true, false);
        assertThat(plan.originalViews()).isEqualTo(3);
        assertThat(plan.flippedViews()).isEqualTo(2);
    }

    @Test
    void meanAndMaxCombineTheViewsOnHandValues() {
        // guards train.py's output.view(bs, ncrops, -1).mean(1) / .max(1): p = sigmoid(1), p' = sigmoid(-2) mirrored
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = image(m, 1f, -2f);
            double p = sigmoid(1);
            double q = sigmoid(-2);
            assertThat(new TtaPlan(3, TtaCombine.MEAN).predict(x, TOP_LEFT).toFloatArray()[0])
                    .isCloseTo((float) ((2 * p + q) / 3), within(1e-6f));
            assertThat(new TtaPlan(4, TtaCombine.MEAN).predict(x, TOP_LEFT).toFloatArray()[0])
                    .isCloseTo((float) ((p + q) / 2), within(1e-6f));
            assertThat(new TtaPlan(3, TtaCombine.MAX).predict(x, TOP_LEFT).toFloatArray()[0])
                    .isCloseTo((float) p, within(1e-6f));
            NDArray mirroredHigher = image(m, -3f, 0.5f);
            assertThat(new TtaPlan(2, TtaCombine.MAX).predict(mirroredHigher, TOP_LEFT).toFloatArray()[0])
                    .isCloseTo((float) sigmoid(0.5), within(1e-6f));
        }
    }

    @Test
    void oneAndTwoTtasAreTheOriginalAndTheMeanWithTheMirror() {
        // guards the behaviour before num_ttas > 2: 1 TTA = sigmoid(f(x)), 2 TTAs = (sigmoid(f(x)) + sigmoid(f(flip x))) / 2
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = image(m, 0.7f, -0.4f);
            assertThat(TtaPlan.SINGLE.predict(x, TOP_LEFT).toFloatArray()[0])
                    .isCloseTo((float) sigmoid(0.7), within(1e-6f));
            assertThat(new TtaPlan(1, TtaCombine.MAX).predict(x, TOP_LEFT).toFloatArray()[0])
                    .isCloseTo((float) sigmoid(0.7), within(1e-6f));
            assertThat(new TtaPlan(2, TtaCombine.MEAN).predict(x, TOP_LEFT).toFloatArray()[0])
                    .isCloseTo((float) ((sigmoid(0.7) + sigmoid(-0.4)) / 2), within(1e-6f));
        }
    }

    @Test
    void inferenceRunsOncePerDistinctView() {
        // guards the cost: 7 views are 2 forward passes (the original and the mirror), 1 view is one
        try (NDManager m = NDManager.newBaseManager()) {
            int[] calls = {0};
            Function<NDList, NDList> counting = in -> {
                calls[0]++;
                return TOP_LEFT.apply(in);
            };
            new TtaPlan(7, TtaCombine.MEAN).predict(image(m, 1, 2), counting);
            assertThat(calls[0]).isEqualTo(2);
            TtaPlan.SINGLE.predict(image(m, 1, 2), counting);
            assertThat(calls[0]).isEqualTo(3);
        }
    }

    // guards the crop views' merge as train.py's output.view(bs, ncrops, -1).mean(1) / .max(1)[0]: 2 images of 3
    // views (each its own crop), logits 1, -2, 0.5 and 3, 0, -1, merged per image over its own views only
    @Test
    void cropViewsAreAllInferredAndMergedPerImage() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] logits = {1f, -2f, 0.5f, 3f, 0f, -1f};
            float[] chw = new float[6 * 3 * 2 * 2];
            for (int v = 0; v < 6; v++) {
                chw[v * 12] = logits[v]; // the top-left pixel of view v
            }
            NDArray views = m.create(chw, new Shape(6, 3, 2, 2));
            float[] mean = new TtaPlan(3, TtaCombine.MEAN).predict(views, 3, TOP_LEFT).toFloatArray();
            float[] max = new TtaPlan(3, TtaCombine.MAX).predict(views, 3, TOP_LEFT).toFloatArray();
            assertThat(mean).hasSize(2);
            assertThat(mean[0]).isCloseTo((float) ((sigmoid(1) + sigmoid(-2) + sigmoid(0.5)) / 3), within(1e-6f));
            assertThat(mean[1]).isCloseTo((float) ((sigmoid(3) + sigmoid(0) + sigmoid(-1)) / 3), within(1e-6f));
            assertThat(max[0]).isCloseTo((float) sigmoid(1), within(1e-6f));
            assertThat(max[1]).isCloseTo((float) sigmoid(3), within(1e-6f));
            assertThatThrownBy(() -> new TtaPlan(2, TtaCombine.MEAN).predict(views, 3,
                    TOP_LEFT)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 views");
        }
    }
}
