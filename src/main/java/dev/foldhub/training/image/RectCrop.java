package dev.foldhub.training.image;

import java.util.Random;

/**
 * data.rect_crop (data_loader.py _transform_image): before any augmentation, a random crop of the original image
 * whose long side is int(input_size / ratio) and short side input_size (each at most the image's own), ratio ~
 * U(min_ratio, max_ratio), at y ~ int(U(0, height - crop height)), x ~ int(U(0, width - crop width)), then resized.
 *
 * @param enable        data.rect_crop.enable
 * @param minRatio      data.rect_crop.min_ratio, in (0, max_ratio]
 * @param maxRatio      data.rect_crop.max_ratio, at most 1
 * @param scaleBothDims data.rect_crop.scale_both_dims: the reference then resizes the crop to input_size square;
 *                      without it, it shrinks each side to at most input_size and PadIfNeeded pads a smaller one up,
 *                      as data.fit crop does ({@link ImageGeometry}); data.fit resize resizes the crop to input_size
 *                      square either way (the same whenever the image's short side is at least input_size)
 */
public record RectCrop(boolean enable, double minRatio, double maxRatio, boolean scaleBothDims) {

    /** Off, with the reference's defaults. */
    public static final RectCrop OFF = new RectCrop(false, 0.08, 1.0, false);

    /** The crop {y, x, height, width} of a height x width image for a network input of side inputSize. */
    int[] box(int height, int width, int inputSize, Random random) {
        int biggest = Math.max(height, width);
        int smallest = Math.min(height, width);
        double ratio = minRatio + (maxRatio - minRatio) * random.nextDouble();
        int big = Math.min((int) (inputSize / ratio), biggest);
        int small = Math.min(inputSize, smallest);
        int cropH = biggest == height ? big : small;
        int cropW = biggest == height ? small : big;
        int y = (int) ((height - cropH) * random.nextDouble());
        int x = (int) ((width - cropW) * random.nextDouble());
        return new int[] {y, x, cropH, cropW};
    }
}
