package dev.foldhub.training.augment;

import dev.foldhub.training.image.Borders;
import dev.foldhub.training.image.ImageDecoder;
import java.util.Random;

/**
 * augmentations.distortion as train.py builds it: albu.OneOf([OpticalDistortion(p=.3), GridDistortion(p=.1),
 * IAAPiecewiseAffine(p=.3)], p=distortion), so optical 3/7, grid 1/7 and piecewise affine 3/7 of the time, with
 * albumentations' and imgaug's default strengths. Each builds a map from every output pixel to a source position
 * and samples it bilinearly (cv2.remap / skimage warp order 1), on each channel of a square CHW image.
 */
final class Distortions {

    private Distortions() {
    }

    /** With probability p one of the three distortions, else the image itself. */
    static float[] apply(float[] chw, int size, double p, Random random) {
        if (!(random.nextDouble() < p)) {
            return chw;
        }
        double pick = random.nextDouble() * 7;
        if (pick < 3) {
            double k = -0.05 + 0.1 * random.nextDouble();
            // dx, dy = round(U(-0.05, 0.05)): always 0 with the defaults, drawn to keep the sequence
            random.nextDouble();
            random.nextDouble();
            return optical(chw, size, k);
        }
        if (pick < 4) {
            double[] stepsX = new double[6];
            double[] stepsY = new double[6];
            for (int i = 0; i < 6; i++) {
                stepsX[i] = 1 + (-0.3 + 0.6 * random.nextDouble());
            }
            for (int i = 0; i < 6; i++) {
                stepsY[i] = 1 + (-0.3 + 0.6 * random.nextDouble());
            }
            return grid(chw, size, 5, stepsX, stepsY);
        }
        double scale = 0.03 + 0.02 * random.nextDouble();
        double[] jitter = new double[4 * 4 * 2];
        for (int i = 0; i < jitter.length; i++) {
            jitter[i] = scale * random.nextGaussian();
        }
        return piecewiseAffine(chw, size, 4, jitter);
    }

    /**
     * F.optical_distortion with dx = dy = 0: cv2.initUndistortRectifyMap with f = n, centre c = n/2, k1 = k2 = k and
     * no new camera matrix (so cv2's default one, centred at c' = (n - 1)/2) maps output (u, v) to
     * (f x r + c, f y r + c), x = (u - c') / f, y = (v - c') / f, r = 1 + k (x^2 + y^2) + k (x^2 + y^2)^2; at k = 0
     * that is a shift by half a pixel, as in the reference.
     */
    static float[] optical(float[] chw, int size, double k) {
        double f = size;
        double c = size * 0.5;
        double centred = (size - 1) * 0.5;
        float[] mapX = new float[size * size];
        float[] mapY = new float[size * size];
        for (int v = 0; v < size; v++) {
            for (int u = 0; u < size; u++) {
                double x = (u - centred) / f;
                double y = (v - centred) / f;
                double r2 = x * x + y * y;
                double radial = 1 + k * r2 + k * r2 * r2;
                mapX[v * size + u] = (float) (f * x * radial + c);
                mapY[v * size + u] = (float) (f * y * radial + c);
            }
        }
        return remap(chw, size, mapX, mapY, null);
    }

    /**
     * F.grid_distortion: each axis cut into cells of n / steps pixels, cell i stretched by steps[i], the last cell
     * ending at n. The vendored code fills a cell with np.linspace(prev, cur, count), endpoint included, so even
     * unit steps move pixels (0, 2, 2, 4, ...); Foldhub leaves the endpoint out, the identity at unit steps.
     */
    static float[] grid(float[] chw, int size, int numSteps, double[] stepsX, double[] stepsY) {
        double[] xx = axis(size, numSteps, stepsX);
        double[] yy = axis(size, numSteps, stepsY);
        float[] mapX = new float[size * size];
        float[] mapY = new float[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                mapX[y * size + x] = (float) xx[x];
                mapY[y * size + x] = (float) yy[y];
            }
        }
        return remap(chw, size, mapX, mapY, null);
    }

    private static double[] axis(int size, int numSteps, double[] steps) {
        int step = size / numSteps;
        double[] out = new double[size];
        double prev = 0;
        int idx = 0;
        for (int start = 0; start < size; start += step, idx++) {
            int end = start + step;
            double cur;
            if (end > size) {
                end = size;
                cur = size;
            } else {
                cur = prev + step * steps[idx];
            }
            int count = end - start;
            for (int i = 0; i < count; i++) {
                // np.linspace(prev, cur, count, endpoint=False)
                out[start + i] = prev + (cur - prev) * i / count;
            }
            prev = cur;
        }
        return out;
    }

    /**
     * imgaug's PiecewiseAffine (order 1, constant border of black): a rows x rows grid of points at linspace(0, n)
     * on each axis, each moved by jitter (n times a N(0, scale^2) draw, y then x per point) and clipped into the
     * image (so the last row and column of cells shrink even without jitter); output pixels inside a grid
     * triangle sample the source through that triangle's affine map to the moved points. skimage triangulates
     * the grid with Delaunay, which for a regular grid may pick either diagonal of a cell; Foldhub always splits a
     * cell along the top-left to bottom-right diagonal.
     */
    static float[] piecewiseAffine(float[] chw, int size, int rows, double[] jitter) {
        double cell = (double) size / (rows - 1);
        double[] dstY = new double[rows * rows];
        double[] dstX = new double[rows * rows];
        for (int i = 0; i < rows * rows; i++) {
            dstY[i] = Math.min(size - 1, Math.max(0, (i / rows) * cell + jitter[2 * i] * size));
            dstX[i] = Math.min(size - 1, Math.max(0, (i % rows) * cell + jitter[2 * i + 1] * size));
        }
        float[] mapX = new float[size * size];
        float[] mapY = new float[size * size];
        for (int y = 0; y < size; y++) {
            int cy = Math.min(rows - 2, (int) (y / cell));
            double v = y / cell - cy;
            for (int x = 0; x < size; x++) {
                int cx = Math.min(rows - 2, (int) (x / cell));
                double u = x / cell - cx;
                int tl = cy * rows + cx;
                int tr = tl + 1;
                int bl = tl + rows;
                int br = bl + 1;
                // barycentric weights in triangle (tl, tr, br) when u >= v, else (tl, bl, br)
                double sx;
                double sy;
                if (u >= v) {
                    sx = (1 - u) * dstX[tl] + (u - v) * dstX[tr] + v * dstX[br];
                    sy = (1 - u) * dstY[tl] + (u - v) * dstY[tr] + v * dstY[br];
                } else {
                    sx = (1 - v) * dstX[tl] + (v - u) * dstX[bl] + u * dstX[br];
                    sy = (1 - v) * dstY[tl] + (v - u) * dstY[bl] + u * dstY[br];
                }
                mapX[y * size + x] = (float) sx;
                mapY[y * size + x] = (float) sy;
            }
        }
        float[] black = new float[3];
        for (int c = 0; c < 3; c++) {
            black[c] = (0 - ImageDecoder.MEAN[c]) / ImageDecoder.STD[c];
        }
        return remap(chw, size, mapX, mapY, black);
    }

    /**
     * Bilinear sampling at (mapX, mapY) per output pixel; outside the image the border is reflected
     * (BORDER_REFLECT_101) or, with {@code constant} given, that channel's constant.
     */
    static float[] remap(float[] chw, int size, float[] mapX, float[] mapY, float[] constant) {
        int plane = size * size;
        float[] out = new float[chw.length];
        for (int p = 0; p < plane; p++) {
            double sx = mapX[p];
            double sy = mapY[p];
            int x0 = (int) Math.floor(sx);
            int y0 = (int) Math.floor(sy);
            double fx = sx - x0;
            double fy = sy - y0;
            for (int c = 0; c < chw.length / plane; c++) {
                int base = c * plane;
                // (1-fy)((1-fx) p00 + fx p01) + fy((1-fx) p10 + fx p11)
                double p00 = sample(chw, base, size, y0, x0, constant, c);
                double p01 = sample(chw, base, size, y0, x0 + 1, constant, c);
                double p10 = sample(chw, base, size, y0 + 1, x0, constant, c);
                double p11 = sample(chw, base, size, y0 + 1, x0 + 1, constant, c);
                out[base + p] = (float) ((1 - fy) * ((1 - fx) * p00 + fx * p01) + fy * ((1 - fx) * p10 + fx * p11));
            }
        }
        return out;
    }

    private static double sample(float[] chw, int base, int size, int y, int x, float[] constant, int c) {
        if (constant != null && (x < 0 || y < 0 || x >= size || y >= size)) {
            return constant[c];
        }
        return chw[base + Borders.reflect101(y, size) * size + Borders.reflect101(x, size)];
    }
}
