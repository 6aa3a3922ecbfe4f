package dev.foldhub.training.image;

import java.util.Random;

/**
 * train.py's first two transforms on RGB bytes (CHW): albumentations' PadIfNeeded(min, min) with its default border
 * cv2.BORDER_REFLECT_101 (top = int((min - rows) / 2), bottom the rest; left and right likewise; a side already at
 * least min is not padded) and RandomCrop(size, size) (y = int((rows - size) u), x = int((cols - size) v), u then v
 * ~ U[0, 1)).
 */
final class PadAndCrop {

    private PadAndCrop() {
    }

    /** PadIfNeeded(minSide, minSide): the image itself when both sides are at least minSide. */
    static RgbImage padIfNeeded(RgbImage image, int minSide) {
        int rows = image.height();
        int cols = image.width();
        int padRows = Math.max(0, minSide - rows);
        int padCols = Math.max(0, minSide - cols);
        if (padRows == 0 && padCols == 0) {
            return image;
        }
        int top = padRows / 2;
        int left = padCols / 2;
        int height = rows + padRows;
        int width = cols + padCols;
        byte[] in = image.chw();
        byte[] out = new byte[3 * height * width];
        int[] sourceCol = new int[width];
        for (int j = 0; j < width; j++) {
            sourceCol[j] = Borders.reflect101(j - left, cols);
        }
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < height; i++) {
                // out[c][i][j] = in[c][reflect101(i - top)][reflect101(j - left)], as cv2.copyMakeBorder
                int from = (c * rows + Borders.reflect101(i - top, rows)) * cols;
                int to = (c * height + i) * width;
                for (int j = 0; j < width; j++) {
                    out[to + j] = in[from + sourceCol[j]];
                }
            }
        }
        return new RgbImage(out, height, width);
    }

    /** PadIfNeeded(size) then RandomCrop(size): a size x size image, CHW. */
    static byte[] randomCrop(RgbImage image, int size, Random random) {
        RgbImage padded = padIfNeeded(image, size);
        double u = random.nextDouble();
        double v = random.nextDouble();
        int y = (int) ((padded.height() - size) * u);
        int x = (int) ((padded.width() - size) * v);
        return crop(padded, y, x, size);
    }

    /** Rows y..y+size-1, columns x..x+size-1 of an image at least size x size. */
    static byte[] crop(RgbImage image, int y, int x, int size) {
        int plane = size * size;
        byte[] out = new byte[3 * plane];
        for (int c = 0; c < 3; c++) {
            for (int r = 0; r < size; r++) {
                System.arraycopy(image.chw(), (c * image.height() + y + r) * image.width() + x, out,
                        c * plane + r * size, size);
            }
        }
        return out;
    }
}
