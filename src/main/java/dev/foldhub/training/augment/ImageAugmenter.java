package dev.foldhub.training.augment;

import dev.foldhub.training.image.ImageDecoder;
import java.util.Random;

/**
 * Per-image augmentations on a square CHW float image, in the reference's order (train.py load_data), all
 * skipped for an image with probability 1 - global_prob: horizontal flip (p 1/2), vertical flip (p 1/2),
 * RandomRotate90 (p 1/2, k uniform in 0..3 counter-clockwise quarter turns as np.rot90), affine
 * ({@link ShiftScaleRotate}), noise ({@link PixelNoise}), blur ({@link Blurs}), distortion ({@link Distortions}),
 * color ({@link ColorAdjust}), random erase (random_erase.py: area ~ U(min_area, max_area), ratio ~ U(min_ratio,
 * max_ratio), h = int(sqrt(area / ratio) n), w = int(sqrt(area ratio) n), y ~ int(U(0, n - h)), x ~ int(U(0, n - w)),
 * filled with each channel's mean). Seeded by the given random; the source array is never modified.
 */
public final class ImageAugmenter {

    private final boolean hflip;
    private final Augmentations config;
    private final Random random;
    private final ShiftScaleRotate affine;

    public ImageAugmenter(boolean hflip, Augmentations config, Random random) {
        this.hflip = hflip;
        this.config = config;
        this.random = random;
        this.affine = ShiftScaleRotate.of(config.affine());
    }

    public float[] apply(float[] image, int size) {
        // albu.Compose(augs, p=global_prob) applies the whole list when u < p; no draw at p = 1
        if (config.globalProb() < 1 && !(random.nextDouble() < config.globalProb())) {
            return image;
        }
        float[] out = image;
        if (hflip && random.nextBoolean()) {
            out = ImageDecoder.flipHorizontally(out, size);
        }
        if (config.vflip() && random.nextBoolean()) {
            out = flipVertically(out, size);
        }
        if (config.rotate90() && random.nextBoolean()) {
            out = rotate90(out, size, random.nextInt(4));
        }
        if (affine != null) {
            out = affine.apply(out, size, random);
        }
        if (config.noise() > 0) {
            out = PixelNoise.apply(out, size, config.noise(), random);
        }
        if (config.blur() > 0) {
            out = Blurs.apply(out, size, config.blur(), random);
        }
        if (config.distortion() > 0) {
            out = Distortions.apply(out, size, config.distortion(), random);
        }
        if (config.color() > 0) {
            out = ColorAdjust.apply(out, size, config.color(), random);
        }
        if (config.eraseProb() > 0 && random.nextDouble() < config.eraseProb()) {
            out = out == image ? out.clone() : out;
            int n = size;
            double area = uniform(config.eraseMinArea(), config.eraseMaxArea());
            double ratio = uniform(config.eraseMinRatio(), config.eraseMaxRatio());
            int h = Math.min((int) (Math.sqrt(area / ratio) * n), n);
            int w = Math.min((int) (Math.sqrt(area * ratio) * n), n);
            int y = (int) uniform(0, n - h);
            int x = (int) uniform(0, n - w);
            erase(out, size, y, x, h, w);
        }
        return out;
    }

    static float[] flipVertically(float[] chw, int size) {
        float[] out = new float[chw.length];
        for (int c = 0; c < 3; c++) {
            for (int r = 0; r < size; r++) {
                System.arraycopy(chw, (c * size + r) * size, out, (c * size + size - 1 - r) * size, size);
            }
        }
        return out;
    }

    /** k counter-clockwise quarter turns: out[i][j] = in[j][n - 1 - i] once. */
    static float[] rotate90(float[] chw, int size, int k) {
        float[] out = chw;
        for (int turn = 0; turn < k; turn++) {
            float[] next = new float[chw.length];
            for (int c = 0; c < 3; c++) {
                int base = c * size * size;
                for (int i = 0; i < size; i++) {
                    for (int j = 0; j < size; j++) {
                        next[base + i * size + j] = out[base + j * size + size - 1 - i];
                    }
                }
            }
            out = next;
        }
        return out;
    }

    /** Fills rows y..y+h-1, columns x..x+w-1 of every channel with that channel's mean over the image. */
    static void erase(float[] chw, int size, int y, int x, int h, int w) {
        int plane = size * size;
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            for (int i = 0; i < plane; i++) {
                sum += chw[c * plane + i];
            }
            float mean = (float) (sum / plane);
            for (int r = y; r < y + h; r++) {
                java.util.Arrays.fill(chw, c * plane + r * size + x, c * plane + r * size + x + w, mean);
            }
        }
    }

    private double uniform(double a, double b) {
        return a + (b - a) * random.nextDouble();
    }
}
