package dev.foldhub.training.augment;

import dev.foldhub.training.image.Borders;
import java.util.Arrays;
import java.util.Random;

/**
 * augmentations.blur as train.py builds it: albu.OneOf([MotionBlur(p=.2), MedianBlur(blur_limit=3, p=.1),
 * Blur(blur_limit=3, p=.1)], p=blur), so motion blur half of the time and a 3x3 median or box blur a quarter each.
 * MotionBlur's kernel size is drawn from {3, 5, 7} and holds a cv2.line between two random points. Filters run on
 * each channel of a square CHW image; box and motion blur reflect the border like cv2 (BORDER_REFLECT_101), the
 * median replicates it (cv2.medianBlur). They are linear with unit weight sums or order statistics, so running them
 * on the normalised floats equals running them on the pixels (without uint8 rounding).
 */
final class Blurs {

    private Blurs() {
    }

    /** With probability p one of the three blurs, else the image itself. */
    static float[] apply(float[] chw, int size, double p, Random random) {
        if (!(random.nextDouble() < p)) {
            return chw;
        }
        double pick = random.nextDouble();
        if (pick < 0.5) {
            int k = 3 + 2 * random.nextInt(3);
            return filter(chw, size, motionKernel(k, random), k);
        }
        if (pick < 0.75) {
            return median3(chw, size);
        }
        float[] box = new float[9];
        Arrays.fill(box, 1f / 9);
        return filter(chw, size, box, 3);
    }

    /** MotionBlur.get_params: a line from (xs, ys) to (xe, ye), vertical points distinct when xs == xe, normalised. */
    static float[] motionKernel(int k, Random random) {
        int xs = random.nextInt(k);
        int xe = random.nextInt(k);
        int ys;
        int ye;
        if (xs == xe) { // random.sample(range(k), 2): two distinct values
            ys = random.nextInt(k);
            ye = random.nextInt(k - 1);
            ye = ye >= ys ? ye + 1 : ye;
        } else {
            ys = random.nextInt(k);
            ye = random.nextInt(k);
        }
        return line(k, xs, ys, xe, ye);
    }

    /**
     * A k x k kernel with the 8-connected line (cv2.line, thickness 1) set, divided by its sum (F.motion_blur).
     * The points are cv2's LineIterator's: drawn left to right, a step along the major axis each time and along
     * the minor one when the error term is negative.
     */
    static float[] line(int k, int x0, int y0, int x1, int y1) {
        if (x1 < x0) { // leftToRight
            int t = x0;
            x0 = x1;
            x1 = t;
            t = y0;
            y0 = y1;
            y1 = t;
        }
        int major = x1 - x0;
        int minor = Math.abs(y1 - y0);
        int stepY = y1 < y0 ? -1 : 1;
        boolean steep = minor > major;
        if (steep) {
            int t = major;
            major = minor;
            minor = t;
        }
        float[] kernel = new float[k * k];
        int x = x0;
        int y = y0;
        int err = major - 2 * minor;
        int count = 0;
        for (int s = 0; s <= major; s++) {
            if (kernel[y * k + x] == 0) {
                kernel[y * k + x] = 1;
                count++;
            }
            boolean diagonal = err < 0;
            // err += -2 minor, plus 2 major on a diagonal step
            err += -2 * minor + (diagonal ? 2 * major : 0);
            if (steep) {
                y += stepY;
                x += diagonal ? 1 : 0;
            } else {
                x += 1;
                y += diagonal ? stepY : 0;
            }
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= count;
        }
        return kernel;
    }

    /** cv2.filter2D (correlation, anchor at the centre, BORDER_REFLECT_101) with a k x k kernel, per channel. */
    static float[] filter(float[] chw, int size, float[] kernel, int k) {
        int plane = size * size;
        int r = k / 2;
        int[] reflected = new int[size + 2 * r]; // reflected[i + r] = reflect101(i)
        for (int i = -r; i < size + r; i++) {
            reflected[i + r] = Borders.reflect101(i, size);
        }
        int taps = 0;
        for (float w : kernel) {
            taps += w != 0 ? 1 : 0;
        }
        int[] tapRow = new int[taps];
        int[] tapColumn = new int[taps];
        float[] tapWeight = new float[taps];
        for (int i = 0, t = 0; i < k * k; i++) { // only the non-zero weights (a motion kernel is mostly zeros)
            if (kernel[i] != 0) {
                tapRow[t] = i / k;
                tapColumn[t] = i % k;
                tapWeight[t++] = kernel[i];
            }
        }
        float[] out = new float[chw.length];
        for (int c = 0; c < chw.length / plane; c++) {
            int base = c * plane;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    // out(y, x) = sum_ij kernel(i, j) in(y + i - r, x + j - r)
                    double sum = 0;
                    for (int t = 0; t < taps; t++) {
                        sum += tapWeight[t] * chw[base + reflected[y + tapRow[t]] * size + reflected[x + tapColumn[t]]];
                    }
                    out[base + y * size + x] = (float) sum;
                }
            }
        }
        return out;
    }

    /** cv2.medianBlur with a 3x3 aperture: the median of each neighbourhood, edges replicated. */
    static float[] median3(float[] chw, int size) {
        int plane = size * size;
        float[] out = new float[chw.length];
        float[] window = new float[9];
        for (int c = 0; c < chw.length / plane; c++) {
            int base = c * plane;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int n = 0;
                    for (int i = -1; i <= 1; i++) {
                        int row = base + Math.min(size - 1, Math.max(0, y + i)) * size;
                        for (int j = -1; j <= 1; j++) {
                            window[n++] = chw[row + Math.min(size - 1, Math.max(0, x + j))];
                        }
                    }
                    Arrays.sort(window);
                    out[base + y * size + x] = window[4];
                }
            }
        }
        return out;
    }
}
