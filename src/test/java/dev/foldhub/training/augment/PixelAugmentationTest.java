package dev.foldhub.training.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.foldhub.training.image.ImageDecoder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** augmentations.noise, blur, distortion, color and data.rect_crop against hand-computed values. */
class PixelAugmentationTest {

    // one channel, 3x3, values 1..9 row by row
    private static final float[] NINE = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    private static float[] ramp(int size, int channels) {
        float[] image = new float[channels * size * size];
        for (int i = 0; i < image.length; i++) {
            image[i] = (i % (size * size)) * 0.01f - 1;
        }
        return image;
    }

    // guards Blur(3): the 3x3 mean with cv2's reflect-101 border: the corner sees rows/columns 1, 0, 1
    @Test
    void boxBlurAveragesTheNeighbourhoodWithReflectedBorders() {
        float[] box = new float[9];
        java.util.Arrays.fill(box, 1f / 9);
        float[] out = Blurs.filter(NINE, 3, box, 3);
        assertThat(out[4]).isCloseTo(5f, offset(1e-5f));
        assertThat(out[0]).isCloseTo((5 + 4 + 5 + 2 + 1 + 2 + 5 + 4 + 5) / 9f, offset(1e-5f));
    }

    // guards MedianBlur(3): the median with replicated edges, so the corner's window is 1 1 2 1 1 2 4 4 5
    @Test
    void medianBlurTakesTheMedianWithReplicatedEdges() {
        float[] out = Blurs.median3(NINE, 3);
        assertThat(out[4]).isEqualTo(5f);
        assertThat(out[0]).isEqualTo(2f);
        float[] spike = new float[9];
        spike[4] = 100;
        assertThat(Blurs.median3(spike, 3)).containsOnly(0f);
    }

    // guards MotionBlur's kernel: cv2.line's 8-connected points between the two ends, divided by their count
    // (checked against cv2 4.6: (0, 1) to (4, 3) sets (0, 1), (1, 1), (2, 2), (3, 2), (4, 3))
    @Test
    void motionKernelIsANormalisedLine() {
        float third = 1f / 3;
        assertThat(Blurs.line(3, 0, 1, 2, 1)).containsExactly(0, 0, 0, third, third, third, 0, 0, 0);
        float[] shallow = Blurs.line(5, 4, 3, 0, 1); // drawn left to right whichever end comes first
        for (int i = 0; i < 25; i++) {
            boolean on = i == 5 || i == 6 || i == 12 || i == 13 || i == 19;
            assertThat(shallow[i]).isEqualTo(on ? 0.2f : 0f);
        }
        float[] steep = Blurs.line(5, 1, 0, 3, 4); // the transpose: (1, 0), (1, 1), (2, 2), (2, 3), (3, 4)
        for (int i = 0; i < 25; i++) {
            boolean on = i == 1 || i == 6 || i == 12 || i == 17 || i == 23;
            assertThat(steep[i]).isEqualTo(on ? 0.2f : 0f);
        }
        float[] diagonal = Blurs.line(5, 0, 0, 4, 4);
        for (int i = 0; i < 25; i++) {
            assertThat(diagonal[i]).isEqualTo(i % 6 == 0 ? 0.2f : 0f);
        }
        Random random = new Random(3);
        for (int t = 0; t < 50; t++) {
            int k = 3 + 2 * random.nextInt(3);
            float sum = 0;
            int nonZero = 0;
            for (float v : Blurs.motionKernel(k, random)) {
                sum += v;
                nonZero += v > 0 ? 1 : 0;
            }
            assertThat(sum).isCloseTo(1f, offset(1e-5f));
            assertThat(nonZero).isGreaterThanOrEqualTo(2); // two distinct end points at least
        }
    }

    // guards the pixel-scale round trip the noise and color transforms rely on
    @Test
    void pixelScaleRoundTripsAndClips() {
        float[] image = ImageDecoder.normalise(new byte[] {0, 64, (byte) 128, (byte) 255, 10, 20});
        float[] pixels = PixelScale.toPixels(image);
        assertThat(pixels[1]).isCloseTo(64f, offset(1e-3f));
        assertThat(pixels[3]).isCloseTo(255f, offset(1e-3f));
        pixels[0] = -40;
        float[] back = PixelScale.fromPixels(pixels);
        assertThat(back[0]).isCloseTo((0 - ImageDecoder.MEAN[0]) / ImageDecoder.STD[0], offset(1e-6f));
        assertThat(back[5]).isCloseTo(image[5], offset(1e-5f));
    }

    // guards the noise: zero mean, the asked standard deviation on the 0-255 scale, shared by channels for imgaug's
    private static final int N = 64;

    @Test
    void gaussianNoiseHasTheAskedSigmaOnThePixelScale() {
        byte[] grey = new byte[3 * N * N];
        java.util.Arrays.fill(grey, (byte) 128);
        float[] image = ImageDecoder.normalise(grey);
        for (boolean shared : new boolean[] {true, false}) {
            float[] pixels = PixelScale.toPixels(PixelNoise.add(image, 5, shared, new Random(11)));
            double sum = 0;
            double squares = 0;
            int plane = N * N;
            int equalAcrossChannels = 0;
            for (int i = 0; i < plane; i++) {
                double d = pixels[i] - 128;
                sum += d;
                squares += d * d;
                equalAcrossChannels += Math.abs((pixels[plane + i] - 128) - d) < 1e-2 ? 1 : 0;
            }
            assertThat(sum / plane).isCloseTo(0, offset(0.3)); // sd of the mean 5 / 64
            assertThat(Math.sqrt(squares / plane)).isCloseTo(5, offset(0.25));
            assertThat(equalAcrossChannels).isEqualTo(shared ? plane : equalAcrossChannels);
            if (!shared) {
                assertThat(equalAcrossChannels).isLessThan(plane / 10);
            }
        }
    }

    // guards OpticalDistortion as cv2 computes it (checked against cv2 4.6's initUndistortRectifyMap + remap): the
    // undistorted grid is centred at (n - 1)/2, the distortion at n/2, so k = 0 shifts by half a pixel
    @Test
    void opticalDistortionFollowsCv2sRadialModel() {
        float[] image = ramp(4, 1);
        float[] shifted = Distortions.optical(image, 4, 0);
        // output (y 1, x 1) samples (1.5, 1.5): the mean of rows/columns 1 and 2
        assertThat(shifted[5]).isCloseTo((image[5] + image[6] + image[9] + image[10]) / 4, offset(1e-5f));
        float[] out = Distortions.optical(image, 4, 0.05);
        // output (u 0, v 2): x = -1.5 / 4, y = 0.5 / 4, r^2 = 0.15625, radial = 1 + 0.05 r^2 + 0.05 r^4
        double radial = 1 + 0.05 * 0.15625 + 0.05 * 0.15625 * 0.15625;
        double sx = 4 * -0.375 * radial + 2;
        double sy = 4 * 0.125 * radial + 2;
        double fx = sx;
        double fy = sy - 2;
        double expected = (1 - fy) * ((1 - fx) * image[8] + fx * image[9]) + fy * ((1 - fx) * image[12] + fx * image[13]);
        assertThat(out[2 * 4]).isCloseTo((float) expected, offset(1e-5f));
    }

    // guards GridDistortion: unit steps are the identity; a stretched first cell moves the pixels after it
    @Test
    void gridDistortionStretchesCells() {
        float[] image = ramp(10, 3);
        double[] ones = {1, 1, 1, 1, 1, 1};
        assertThat(Distortions.grid(image, 10, 5, ones, ones)).containsExactly(image);
        double[] first = {1.5, 1, 1, 1, 1, 1};
        float[] out = Distortions.grid(image, 10, 5, first, ones);
        // x map: cell 0 covers [0, 3) in 2 pixels -> 0, 1.5; cell 1 starts at 3 -> 3, 4; ...; the last ends at 10
        assertThat(out[1]).isCloseTo(image[1] * 0.5f + image[2] * 0.5f, offset(1e-5f));
        assertThat(out[2]).isCloseTo(image[3], offset(1e-5f));
        // ... the last cell from 9: pixel 8 samples 9 and pixel 9 samples 10, reflected to 8
        assertThat(out[8]).isCloseTo(image[9], offset(1e-5f));
        assertThat(out[9]).isCloseTo(image[8], offset(1e-5f));
    }

    // guards PiecewiseAffine: no jitter is the identity; moving one grid point moves the pixel on it with it
    @Test
    void piecewiseAffineMapsThroughTheMovedGrid() {
        float[] image = ramp(7, 3);
        double[] still = new double[32];
        float[] same = Distortions.piecewiseAffine(image, 7, 4, still);
        for (int y = 0; y < 5; y++) { // cells away from the last row and column of the grid
            for (int x = 0; x < 5; x++) {
                assertThat(same[y * 7 + x]).isCloseTo(image[y * 7 + x], offset(1e-5f));
            }
        }
        // imgaug clips the moved points into the image: the grid's last column, at x = 7, moves to 6, so the last
        // cell [14/3, 7] maps onto [14/3, 6] and pixel x = 6 samples x = 14/3 + (6 - 14/3) (4/3) / (7/3)
        double last = 14.0 / 3 + (6 - 14.0 / 3) * (4.0 / 3) / (7.0 / 3);
        assertThat(same[6]).isCloseTo((float) ((6 - last) * image[5] + (last - 5) * image[6]), offset(1e-5f));
        double[] moved = new double[32];
        moved[2 * 5 + 1] = 1.0 / 7; // point (row 1, column 1), at pixel (2.33, 2.33), one pixel right
        float[] out = Distortions.piecewiseAffine(image, 7, 4, moved);
        // pixel (0, 0) keeps its source; pixel (2, 2) lies in the cell (0..2.33)^2 at u = v = 6/7, where the
        // moved point has barycentric weight 6/7, so its source x is 2 + 6/7 (y stays 2)
        assertThat(out[0]).isCloseTo(image[0], offset(1e-5f));
        double sx = 2 + 6.0 / 7;
        double expected = (1 - (sx - 2)) * image[2 * 7 + 2] + (sx - 2) * image[2 * 7 + 3];
        assertThat(out[2 * 7 + 2]).isCloseTo((float) expected, offset(1e-5f));
    }

    // guards RandomBrightnessContrast: v' = alpha v + beta mean(alpha v)
    @Test
    void brightnessContrastScalesThenShiftsByTheMean() {
        float[] pixels = {10, 20, 30, 40, 50, 60};
        ColorAdjust.brightnessContrast(pixels, 1.1, 0.1);
        double shift = 0.1 * 1.1 * 35;
        assertThat(pixels[0]).isCloseTo((float) (11 + shift), offset(1e-4f));
        assertThat(pixels[5]).isCloseTo((float) (66 + shift), offset(1e-4f));
    }

    // guards imgaug's Sharpen and Emboss matrices
    @Test
    void sharpenAndEmbossKernelsBlendWithTheIdentity() {
        assertThat(ColorAdjust.sharpenKernel(0.5, 1)).containsExactly(-0.5f, -0.5f, -0.5f, -0.5f, 5f, -0.5f,
                -0.5f, -0.5f, -0.5f);
        assertThat(ColorAdjust.embossKernel(1, 0.5)).containsExactly(-1.5f, -0.5f, 0f, -0.5f, 1f, 0.5f, 0f, 0.5f,
                1.5f);
        float[] flat = new float[9];
        java.util.Arrays.fill(flat, 7);
        // the emboss kernel sums to 1: a flat image stays flat
        assertThat(ColorAdjust.convolve(flat, 3, ColorAdjust.embossKernel(0.3, 0.4)))
                .containsExactly(new float[] {7, 7, 7, 7, 7, 7, 7, 7, 7}, offset(1e-4f));
    }

    // guards CLAHE's clipping and redistribution: a constant 100 on 2x2 tiles (area 4, clip 1) keeps 1 in its bin,
    // spreads 3 at bins 0, 85, 170, so its table gives round(3 255 / 4) = 191 everywhere
    @Test
    void claheClipsAndRedistributesTheHistogram() {
        int[] gray = new int[16 * 16];
        java.util.Arrays.fill(gray, 100);
        assertThat(Clahe.equalise(gray, 16, 2)).containsOnly(191);
        double[] lab = Clahe.toLab(255, 255, 255);
        assertThat(lab[0]).isCloseTo(100, offset(1e-3));
        double[] rgb = Clahe.fromLab(Clahe.toLab(30, 140, 200)[0], Clahe.toLab(30, 140, 200)[1],
                Clahe.toLab(30, 140, 200)[2]);
        assertThat(rgb).containsExactly(new double[] {30, 140, 200}, offset(1e-3));
    }

    // guards the OneOf choice of each key: probability 0 never changes an image, probability 1 always does
    @Test
    void eachKeyAppliesWithItsProbability() {
        float[] image = ramp(16, 3);
        Random random = new Random(5);
        for (int i = 0; i < 20; i++) {
            assertThat(Blurs.apply(image, 16, 0, random)).isSameAs(image);
            assertThat(PixelNoise.apply(image, 16, 0, random)).isSameAs(image);
            assertThat(Distortions.apply(image, 16, 0, random)).isSameAs(image);
            assertThat(ColorAdjust.apply(image, 16, 0, random)).isSameAs(image);
            assertThat(Blurs.apply(image, 16, 1, random)).isNotEqualTo(image);
            assertThat(PixelNoise.apply(image, 16, 1, random)).isNotEqualTo(image);
            assertThat(Distortions.apply(image, 16, 1, random)).isNotEqualTo(image);
            assertThat(ColorAdjust.apply(image, 16, 1, random)).isNotEqualTo(image);
        }
    }
}
