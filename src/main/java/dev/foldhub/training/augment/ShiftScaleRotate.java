package dev.foldhub.training.augment;

import dev.foldhub.training.image.Borders;
import java.util.Random;

/**
 * albumentations' ShiftScaleRotate as the reference's augmentations.affine uses it (soft, medium, hard), on a
 * square CHW float image: angle ~ U(-rotate, rotate) degrees, scale ~ U(1 - s, 1 + s), dx, dy ~ U(-shift, shift);
 * M = cv2.getRotationMatrix2D((n/2, n/2), angle, scale) with dx n, dy n added to its translation; every output
 * pixel p takes the bilinear sample at M^-1 p (cv2.warpAffine), borders reflected without repeating the edge
 * (BORDER_REFLECT_101).
 */
record ShiftScaleRotate(double shiftLimit, double scaleLimit, double rotateLimit, double prob) {

    /** The reference's levels (train.py load_data), or null for 'none'. */
    static ShiftScaleRotate of(String level) {
        return switch (level) {
            case "soft" -> new ShiftScaleRotate(0.075, 0.15, 10, 0.75);
            case "medium" -> new ShiftScaleRotate(0.0625, 0.2, 45, 0.2);
            case "hard" -> new ShiftScaleRotate(0.0625, 0.5, 45, 0.75);
            case "none" -> null;
            default -> throw new IllegalArgumentException("unknown affine level '" + level + "'");
        };
    }

    /** With probability prob, a randomly shifted, scaled and rotated copy; else the image itself. */
    float[] apply(float[] chw, int size, Random random) {
        if (!(random.nextDouble() < prob)) {
            return chw;
        }
        double angle = uniform(random, -rotateLimit, rotateLimit);
        double scale = uniform(random, 1 - scaleLimit, 1 + scaleLimit);
        double dx = uniform(random, -shiftLimit, shiftLimit);
        double dy = uniform(random, -shiftLimit, shiftLimit);
        return warp(chw, size, angle, scale, dx, dy);
    }

    static float[] warp(float[] chw, int size, double angleDegrees, double scale, double dx, double dy) {
        double c = size / 2.0;
        // getRotationMatrix2D: [[a, b, (1 - a) c - b c], [-b, a, b c + (1 - a) c]], a = s cos, b = s sin
        double a = scale * Math.cos(Math.toRadians(angleDegrees));
        double b = scale * Math.sin(Math.toRadians(angleDegrees));
        double tx = (1 - a) * c - b * c + dx * size;
        double ty = b * c + (1 - a) * c + dy * size;
        // inverse of [[a, b], [-b, a]] is [[a, -b], [b, a]] / (a^2 + b^2)
        double det = a * a + b * b;
        int plane = size * size;
        float[] out = new float[chw.length];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double u = x - tx;
                double v = y - ty;
                double sx = (a * u - b * v) / det;
                double sy = (b * u + a * v) / det;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double fx = sx - x0;
                double fy = sy - y0;
                int xa = Borders.reflect101(x0, size);
                int xb = Borders.reflect101(x0 + 1, size);
                int ya = Borders.reflect101(y0, size);
                int yb = Borders.reflect101(y0 + 1, size);
                for (int ch = 0; ch < chw.length / plane; ch++) {
                    int base = ch * plane;
                    // bilinear: (1-fy)((1-fx) p00 + fx p01) + fy((1-fx) p10 + fx p11)
                    double top = (1 - fx) * chw[base + ya * size + xa] + fx * chw[base + ya * size + xb];
                    double bottom = (1 - fx) * chw[base + yb * size + xa] + fx * chw[base + yb * size + xb];
                    out[base + y * size + x] = (float) ((1 - fy) * top + fy * bottom);
                }
            }
        }
        return out;
    }

    private static double uniform(Random random, double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }
}
