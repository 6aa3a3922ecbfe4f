package dev.foldhub.training.augment;

import java.util.Random;

/**
 * augmentations.color as train.py builds it: albu.OneOf([CLAHE(clip_limit=2), IAASharpen(), IAAEmboss(),
 * RandomBrightnessContrast()], p=color), each a quarter of the time, on the 0-255 pixel scale and clipped to it.
 * Defaults: RandomBrightnessContrast alpha = 1 + U(-0.2, 0.2), beta = U(-0.2, 0.2); imgaug Sharpen alpha ~ U(0.2, 0.5),
 * lightness ~ U(0.5, 1); Emboss alpha ~ U(0.2, 0.5), strength ~ U(0.2, 0.7); CLAHE clip limit ~ U(1, 2) on 8 x 8
 * tiles ({@link Clahe}).
 */
final class ColorAdjust {

    private ColorAdjust() {
    }

    /** With probability p one of the four, else the image itself. */
    static float[] apply(float[] chw, int size, double p, Random random) {
        if (!(random.nextDouble() < p)) {
            return chw;
        }
        int pick = random.nextInt(4);
        float[] pixels = PixelScale.toPixels(chw);
        switch (pick) {
            case 0 -> Clahe.applyToLightness(pixels, size, 1 + random.nextDouble());
            case 1 -> {
                double alpha = 0.2 + 0.3 * random.nextDouble();
                double lightness = 0.5 + 0.5 * random.nextDouble();
                pixels = convolve(pixels, size, sharpenKernel(alpha, lightness));
            }
            case 2 -> {
                double alpha = 0.2 + 0.3 * random.nextDouble();
                double strength = 0.2 + 0.5 * random.nextDouble();
                pixels = convolve(pixels, size, embossKernel(alpha, strength));
            }
            default -> {
                double alpha = 1 + (-0.2 + 0.4 * random.nextDouble());
                double beta = -0.2 + 0.4 * random.nextDouble();
                brightnessContrast(pixels, alpha, beta);
            }
        }
        return PixelScale.fromPixels(pixels);
    }

    /** F.brightness_contrast_adjust in place: v' = alpha v + beta mean(alpha v) over all values (clipped later). */
    static void brightnessContrast(float[] pixels, double alpha, double beta) {
        double sum = 0;
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) (pixels[i] * alpha);
            sum += pixels[i];
        }
        float shift = (float) (beta * sum / pixels.length);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] += shift;
        }
    }

    /** imgaug Sharpen: (1 - alpha) identity + alpha [[-1, -1, -1], [-1, 8 + lightness, -1], [-1, -1, -1]]. */
    static float[] sharpenKernel(double alpha, double lightness) {
        float[] k = new float[9];
        for (int i = 0; i < 9; i++) {
            k[i] = (float) (alpha * -1);
        }
        k[4] = (float) ((1 - alpha) + alpha * (8 + lightness));
        return k;
    }

    /** imgaug Emboss: (1 - alpha) identity + alpha [[-1 - s, -s, 0], [-s, 1, s], [0, s, 1 + s]]. */
    static float[] embossKernel(double alpha, double s) {
        double[] effect = {-1 - s, -s, 0, -s, 1, s, 0, s, 1 + s};
        float[] k = new float[9];
        for (int i = 0; i < 9; i++) {
            k[i] = (float) (alpha * effect[i] + (i == 4 ? 1 - alpha : 0));
        }
        return k;
    }

    /** imgaug's Convolve: cv2.filter2D per channel with BORDER_REFLECT_101. */
    static float[] convolve(float[] pixels, int size, float[] kernel) {
        return Blurs.filter(pixels, size, kernel, 3);
    }
}
