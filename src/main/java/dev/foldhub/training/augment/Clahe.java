package dev.foldhub.training.augment;

import dev.foldhub.training.image.Borders;

/**
 * albumentations' CLAHE: cv2's contrast-limited adaptive histogram equalisation of the L channel of cv2's 8-bit
 * Lab (L* scaled to 0-255), 8 x 8 tiles. The tiles' 256-bin histograms are clipped at max(int(clip area / 256), 1),
 * the excess spread over all bins (remainder one a bin at a regular step), cumulated into lookup tables scaled by
 * 255 / area, and each pixel interpolates bilinearly between the tables of its four nearest tile centres. Foldhub
 * converts sRGB to Lab and back in floats, keeping a* and b* unrounded.
 */
final class Clahe {

    private static final int TILES = 8;
    // D65 white, as cv2's Lab conversion
    private static final double XN = 0.950456;
    private static final double ZN = 1.088754;

    private Clahe() {
    }

    /** Equalises the lightness of an RGB image in pixel units (CHW, square side size) in place. */
    static void applyToLightness(float[] pixels, int size, double clipLimit) {
        int plane = size * size;
        int[] lightness = new int[plane];
        double[] a = new double[plane];
        double[] b = new double[plane];
        for (int i = 0; i < plane; i++) {
            double[] lab = toLab(pixels[i], pixels[plane + i], pixels[2 * plane + i]);
            lightness[i] = (int) Math.round(Math.min(255, Math.max(0, lab[0] * 255 / 100)));
            a[i] = lab[1];
            b[i] = lab[2];
        }
        int[] equalised = equalise(lightness, size, clipLimit);
        for (int i = 0; i < plane; i++) {
            double[] rgb = fromLab(equalised[i] * 100.0 / 255, a[i], b[i]);
            for (int c = 0; c < 3; c++) {
                pixels[c * plane + i] = (float) rgb[c];
            }
        }
    }

    /** cv2 CLAHE on an 8-bit single channel of side size (padded by reflection to a multiple of 8 for the tiles). */
    static int[] equalise(int[] gray, int size, double clipLimit) {
        int tile = (size + TILES - 1) / TILES;
        int area = tile * tile;
        int clip = Math.max((int) (clipLimit * area / 256), 1);
        int[][] luts = new int[TILES * TILES][256];
        for (int ty = 0; ty < TILES; ty++) {
            for (int tx = 0; tx < TILES; tx++) {
                int[] hist = new int[256];
                for (int y = ty * tile; y < (ty + 1) * tile; y++) {
                    for (int x = tx * tile; x < (tx + 1) * tile; x++) {
                        int row = Borders.reflect101(y, size);
                        hist[gray[row * size + Borders.reflect101(x, size)]]++;
                    }
                }
                int clipped = 0;
                for (int i = 0; i < 256; i++) {
                    if (hist[i] > clip) {
                        clipped += hist[i] - clip;
                        hist[i] = clip;
                    }
                }
                int batch = clipped / 256;
                int residual = clipped - batch * 256;
                for (int i = 0; i < 256; i++) {
                    hist[i] += batch;
                }
                if (residual > 0) {
                    int step = Math.max(256 / residual, 1);
                    for (int i = 0; i < 256 && residual > 0; i += step, residual--) {
                        hist[i]++;
                    }
                }
                int sum = 0;
                int[] lut = luts[ty * TILES + tx];
                for (int i = 0; i < 256; i++) {
                    sum += hist[i];
                    // lut[i] = saturate(round(cumulative(i) 255 / area))
                    lut[i] = Math.min(255, (int) Math.round(sum * 255.0 / area));
                }
            }
        }
        int[] out = new int[gray.length];
        for (int y = 0; y < size; y++) {
            double tyf = (double) y / tile - 0.5;
            int ty1 = (int) Math.floor(tyf);
            double ya = tyf - ty1;
            int ty2 = Math.min(ty1 + 1, TILES - 1);
            ty1 = Math.max(ty1, 0);
            for (int x = 0; x < size; x++) {
                double txf = (double) x / tile - 0.5;
                int tx1 = (int) Math.floor(txf);
                double xa = txf - tx1;
                int tx2 = Math.min(tx1 + 1, TILES - 1);
                tx1 = Math.max(tx1, 0);
                int v = gray[y * size + x];
                double top = luts[ty1 * TILES + tx1][v] * (1 - xa) + luts[ty1 * TILES + tx2][v] * xa;
                double bottom = luts[ty2 * TILES + tx1][v] * (1 - xa) + luts[ty2 * TILES + tx2][v] * xa;
                out[y * size + x] = (int) Math.min(255, Math.round(top * (1 - ya) + bottom * ya));
            }
        }
        return out;
    }

    /** sRGB (0-255) to CIE Lab, D65. */
    static double[] toLab(double r, double g, double b) {
        double lr = linear(r / 255);
        double lg = linear(g / 255);
        double lb = linear(b / 255);
        double x = (0.412453 * lr + 0.357580 * lg + 0.180423 * lb) / XN;
        double y = 0.212671 * lr + 0.715160 * lg + 0.072169 * lb;
        double z = (0.019334 * lr + 0.119193 * lg + 0.950227 * lb) / ZN;
        double fx = f(x);
        double fy = f(y);
        double fz = f(z);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    /** CIE Lab (D65) to sRGB (0-255, not clipped). */
    static double[] fromLab(double l, double a, double b) {
        double fy = (l + 16) / 116;
        double x = finv(fy + a / 500) * XN;
        double y = finv(fy);
        double z = finv(fy - b / 200) * ZN;
        double lr = 3.240479 * x - 1.53715 * y - 0.498535 * z;
        double lg = -0.969256 * x + 1.875991 * y + 0.041556 * z;
        double lb = 0.055648 * x - 0.204043 * y + 1.057311 * z;
        return new double[] {255 * gamma(lr), 255 * gamma(lg), 255 * gamma(lb)};
    }

    private static double linear(double v) {
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    private static double gamma(double v) {
        return v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(Math.max(v, 0), 1 / 2.4) - 0.055;
    }

    private static double f(double t) {
        return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16.0 / 116;
    }

    private static double finv(double t) {
        return t > 0.206893 ? t * t * t : (t - 16.0 / 116) / 7.787;
    }
}
