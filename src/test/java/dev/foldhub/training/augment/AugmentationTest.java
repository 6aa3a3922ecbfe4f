package dev.foldhub.training.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.foldhub.training.image.Borders;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AugmentationTest {

    // a 3-channel 2x2 image: channel c, row r, column j holds 100 c + 10 r + j
    static final float[] IMAGE = {0, 1, 10, 11, 100, 101, 110, 111, 200, 201, 210, 211};

    // guards the vertical flip: rows swap, columns stay, per channel
    @Test
    void verticalFlipSwapsRowsExactly() {
        assertThat(ImageAugmenter.flipVertically(IMAGE, 2))
                .containsExactly(10, 11, 0, 1, 110, 111, 100, 101, 210, 211, 200, 201);
    }

    // guards rotate90 as np.rot90: [[a, b], [c, d]] -> [[b, d], [a, c]]; four turns are the identity
    @Test
    void rotate90TurnsCounterClockwiseLikeNumpy() {
        assertThat(ImageAugmenter.rotate90(IMAGE, 2, 1))
                .containsExactly(1, 11, 0, 10, 101, 111, 100, 110, 201, 211, 200, 210);
        assertThat(ImageAugmenter.rotate90(IMAGE, 2, 4)).containsExactly(IMAGE);
    }

    // guards augmentations.global_prob (albu.Compose(augs, p)): 0 never augments, 0.5 augments about half the images
    @Test
    void globalProbGatesAllPerImageAugmentations() {
        int n = 8;
        float[] image = new float[3 * n * n];
        for (int i = 0; i < image.length; i++) {
            image[i] = i;
        }
        // erase with prob 1 changes every image it is applied to
        Augmentations never = new Augmentations(true, true, 1.0, 0.1, 0.2, 0.5, 2.0, false, 0.5, 0.0);
        ImageAugmenter off = new ImageAugmenter(true, never, new Random(1));
        for (int i = 0; i < 100; i++) {
            assertThat(off.apply(image, n)).isSameAs(image);
        }
        Augmentations half = new Augmentations(false, false, 1.0, 0.1, 0.2, 0.5, 2.0, false, 0.5, 0.5);
        ImageAugmenter gated = new ImageAugmenter(false, half, new Random(2));
        int augmented = 0;
        for (int i = 0; i < 2000; i++) {
            augmented += gated.apply(image, n) == image ? 0 : 1;
        }
        assertThat(augmented).isBetween(900, 1100); // binomial(2000, 0.5): sd 22
    }

    // a 1-channel 4x4 image holding 10 y + x, as floats
    private static float[] grid4() {
        float[] g = new float[16];
        for (int i = 0; i < 16; i++) {
            g[i] = 10 * (i / 4) + i % 4;
        }
        return g;
    }

    // guards ShiftScaleRotate's warp against cv2.warpAffine worked by hand on a 4x4 grid (centre (2, 2)):
    // identity; a one-pixel shift right reflects column 1 into column 0 (BORDER_REFLECT_101);
    // scale 2 samples x / 2 + 1 (bilinear halves); +90 degrees maps out(x, y) = in(4 - y, x), 4 reflecting to 2
    @Test
    void shiftScaleRotateWarpsLikeCv2() {
        float[] g = grid4();
        assertThat(ShiftScaleRotate.warp(g, 4, 0, 1, 0, 0)).containsExactly(g);
        float[] shifted = ShiftScaleRotate.warp(g, 4, 0, 1, 0.25, 0);
        assertThat(java.util.Arrays.copyOfRange(shifted, 0, 4)).containsExactly(1, 0, 1, 2);
        float[] zoomed = ShiftScaleRotate.warp(g, 4, 0, 2, 0, 0);
        // row y = 0 samples y 1: 10 + [1, 1.5, 2, 2.5]
        assertThat(java.util.Arrays.copyOfRange(zoomed, 0, 4)).containsExactly(11f, 11.5f, 12f, 12.5f);
        float[] turned = ShiftScaleRotate.warp(g, 4, 90, 1, 0, 0);
        assertThat(turned[1 * 4 + 1]).isCloseTo(10 * 1 + 3, offset(1e-4f)); // out(1, 1) = in(x 3, y 1)
        assertThat(turned[0 * 4 + 2]).isCloseTo(10 * 2 + 2, offset(1e-4f)); // out(2, 0) = in(x 4 -> 2, y 2)
        assertThat(Borders.reflect101(-1, 4)).isEqualTo(1);
        assertThat(Borders.reflect101(4, 4)).isEqualTo(2);
        assertThat(Borders.reflect101(7, 4)).isEqualTo(1);
    }

    // guards augmentations.affine levels: medium warps about a fifth of the images (p 0.2), none never does
    @Test
    void affineMediumWarpsAboutOneImageInFive() {
        float[] image = new float[3 * 16];
        for (int i = 0; i < image.length; i++) {
            image[i] = i;
        }
        Augmentations medium = new Augmentations(false, false, 0, 0.02, 0.4, 0.3, 3.33, false, 0.5, 1, "medium");
        ImageAugmenter augmenter = new ImageAugmenter(false, medium, new Random(5));
        int warped = 0;
        for (int i = 0; i < 2000; i++) {
            warped += augmenter.apply(image, 4) == image ? 0 : 1;
        }
        assertThat(warped).isBetween(340, 460); // binomial(2000, 0.2): sd 18
        assertThat(ShiftScaleRotate.of("none")).isNull();
        assertThat(ShiftScaleRotate.of("hard")).isEqualTo(new ShiftScaleRotate(0.0625, 0.5, 45, 0.75));
    }

    // guards random erase: one rectangle within the image, of an area in [min, max], set to the channel mean
    @Test
    void eraseFillsOneRectangleWithinBoundsWithTheChannelMean() {
        int n = 32;
        float[] image = new float[3 * n * n];
        for (int i = 0; i < image.length; i++) {
            image[i] = (i * 7919 % 1000) / 1000f;
        }
        Augmentations erase = new Augmentations(false, false, 1.0, 0.1, 0.2, 0.5, 2.0, false, 0.5);
        float[] out = new ImageAugmenter(false, erase, new Random(3)).apply(image, n);
        assertThat(image[0]).isEqualTo(0f); // the source is untouched
        int changed = 0, minR = n, maxR = -1, minC = n, maxC = -1;
        for (int i = 0; i < n * n; i++) {
            if (out[i] != image[i]) {
                changed++;
                minR = Math.min(minR, i / n);
                maxR = Math.max(maxR, i / n);
                minC = Math.min(minC, i % n);
                maxC = Math.max(maxC, i % n);
            }
        }
        int h = maxR - minR + 1, w = maxC - minC + 1;
        assertThat(changed).isEqualTo(h * w); // a full rectangle (random values differ from the mean)
        // h, w <= int(sqrt(area / ratio) n) etc., so h w <= max_area n^2 and >= (sqrt(min_area) n - 1)^2-ish
        assertThat(h * w).isBetween(50, (int) (0.2 * n * n));
        double mean = 0;
        for (int i = 0; i < n * n; i++) {
            mean += image[i];
        }
        assertThat(out[minR * n + minC]).isCloseTo((float) (mean / (n * n)), offset(1e-5f));
    }
}
