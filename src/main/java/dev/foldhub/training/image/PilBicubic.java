package dev.foldhub.training.image;

/**
 * PIL's Image.resize(size, Image.BICUBIC) on 8-bit RGB, as Pillow's Resample.c computes it, so that data.rect_crop
 * gives the reference's pixels: a separable convolution with the bicubic kernel (a = -0.5, support 2) widened by the
 * scale when shrinking (antialiasing), each output's weights normalised to sum 1, then turned into fixed point with
 * 22 fraction bits; a horizontal pass over the rows the vertical pass needs, rounded and clipped to a byte, then the
 * vertical pass.
 */
final class PilBicubic {

    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final double SUPPORT = 2.0;

    private PilBicubic() {
    }

    /** The whole image resized to outH rows of outW columns. */
    static RgbImage resize(RgbImage image, int outH, int outW) {
        int inH = image.height();
        int inW = image.width();
        Coefficients horizontal = Coefficients.of(inW, outW);
        Coefficients vertical = Coefficients.of(inH, outH);
        boolean needHorizontal = outW != inW;
        boolean needVertical = outH != inH;
        byte[] source = image.chw();
        int rows = inH;
        int width = inW;
        int firstRow = 0;
        if (needHorizontal) {
            // only the rows the vertical pass reads: bounds of its first to its last output
            firstRow = vertical.start[0];
            int lastRow = vertical.start[outH - 1] + vertical.count[outH - 1];
            rows = lastRow - firstRow;
            byte[] temp = new byte[3 * rows * outW];
            for (int c = 0; c < 3; c++) {
                for (int r = 0; r < rows; r++) {
                    int from = (c * inH + firstRow + r) * inW;
                    int to = (c * rows + r) * outW;
                    for (int x = 0; x < outW; x++) {
                        // ss = 2^21 + sum_k in[xmin + k] * w[k] (fixed point), then clip8(ss >> 22)
                        int ss = 1 << (PRECISION_BITS - 1);
                        int start = horizontal.start[x];
                        int base = x * horizontal.size;
                        for (int k = 0; k < horizontal.count[x]; k++) {
                            ss += (source[from + start + k] & 0xff) * horizontal.weights[base + k];
                        }
                        temp[to + x] = clip8(ss);
                    }
                }
            }
            source = temp;
            width = outW;
        }
        if (!needVertical) {
            return needHorizontal ? new RgbImage(source, rows, width) : image;
        }
        byte[] out = new byte[3 * outH * width];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < outH; y++) {
                int start = vertical.start[y] - firstRow;
                int base = y * vertical.size;
                int to = (c * outH + y) * width;
                for (int x = 0; x < width; x++) {
                    int ss = 1 << (PRECISION_BITS - 1);
                    for (int k = 0; k < vertical.count[y]; k++) {
                        ss += (source[(c * rows + start + k) * width + x] & 0xff) * vertical.weights[base + k];
                    }
                    out[to + x] = clip8(ss);
                }
            }
        }
        return new RgbImage(out, outH, width);
    }

    /** Rows y..y+h-1, columns x..x+w-1 of the image (numpy's image[y:y+h, x:x+w]). */
    static RgbImage crop(RgbImage image, int y, int x, int h, int w) {
        byte[] out = new byte[3 * h * w];
        for (int c = 0; c < 3; c++) {
            for (int r = 0; r < h; r++) {
                System.arraycopy(image.chw(), (c * image.height() + y + r) * image.width() + x, out, (c * h + r) * w, w);
            }
        }
        return new RgbImage(out, h, w);
    }

    private static byte clip8(int ss) {
        if (ss >= (1 << PRECISION_BITS << 8)) {
            return (byte) 255;
        }
        if (ss <= 0) {
            return 0;
        }
        return (byte) (ss >> PRECISION_BITS);
    }

    /** bicubic(x), a = -0.5: (a+2)|x|^3 - (a+3)|x|^2 + 1 below 1, a(|x|^3 - 5|x|^2 + 8|x| - 4) below 2, else 0. */
    static double bicubic(double x) {
        double a = -0.5;
        x = Math.abs(x);
        if (x < 1.0) {
            return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
            return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0.0;
    }

    /** Per output position: the first input, the number of inputs and their fixed-point weights (precompute_coeffs). */
    private record Coefficients(int size, int[] start, int[] count, int[] weights) {

        static Coefficients of(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = SUPPORT * filterScale;
            int size = (int) Math.ceil(support) * 2 + 1;
            int[] start = new int[outSize];
            int[] count = new int[outSize];
            int[] weights = new int[outSize * size];
            double[] k = new double[size];
            for (int xx = 0; xx < outSize; xx++) {
                double center = (xx + 0.5) * scale;
                int xmin = Math.max(0, (int) (center - support + 0.5));
                int xmax = Math.min(inSize, (int) (center + support + 0.5)) - xmin;
                double sum = 0;
                for (int x = 0; x < xmax; x++) {
                    // w = bicubic((x + xmin - center + 0.5) / filterScale), normalised to sum 1 below
                    k[x] = bicubic((x + xmin - center + 0.5) * (1.0 / filterScale));
                    sum += k[x];
                }
                for (int x = 0; x < xmax; x++) {
                    double w = sum != 0.0 ? k[x] / sum : k[x];
                    // normalize_coeffs_8bpc: rounded half away from zero to 22 fraction bits
                    weights[xx * size + x] = w < 0 ? (int) (-0.5 + w * (1 << PRECISION_BITS))
                            : (int) (0.5 + w * (1 << PRECISION_BITS));
                }
                start[xx] = xmin;
                count[xx] = xmax;
            }
            return new Coefficients(size, start, count, weights);
        }
    }
}
