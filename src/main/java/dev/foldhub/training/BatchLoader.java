package dev.foldhub.training;

import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Random;

/**
 * A fold's images as batches in the sampler's order, each prepared (decode, resize, augment, normalise, stack)
 * on {@link LoaderSettings#threads()} threads ahead of the trainer by a {@link LoaderPass}. Each batch is augmented
 * with a random drawn from (seed, pass, batch index) alone, so the result does not depend on thread scheduling.
 */
final class BatchLoader {

    private final DecodedImageCache images;
    private final int size;
    private final int numClasses;
    private final boolean hflip;
    private final Augmentations augmentations;
    private final SeededBatchSampler sampler;
    private final long seed;
    private final LoaderSettings settings;
    private int passes;

    /** @param augmentations null for none (validation, test); hflip is then ignored */
    BatchLoader(DecodedImageCache images, int size, int numClasses, boolean hflip, Augmentations augmentations,
                long seed, SeededBatchSampler sampler, LoaderSettings settings) {
        for (int i = 0; i < images.count(); i++) {
            for (int label : images.labels(i)) {
                if (label < 0 || label >= numClasses) {
                    throw new IllegalArgumentException("label " + label + " of " + images.path(i) + " is outside [0, "
                            + numClasses + ")");
                }
            }
        }
        this.images = images;
        this.size = size;
        this.numClasses = numClasses;
        this.hflip = hflip;
        this.augmentations = augmentations;
        this.sampler = sampler;
        this.seed = seed;
        this.settings = settings;
    }

    /** The next pass is number {@code pass} (a resumed fold continues the augmentation draws where it stopped). */
    void startAtPass(int pass) {
        this.passes = pass;
    }

    /** Number of images a pass draws from. */
    int size() {
        return images.count();
    }

    /**
     * Starts the next pass: its threads begin at once and stop when it is closed. Batches are created under
     * sub-managers of {@code manager}, so on its device.
     */
    LoaderPass pass(NDManager manager) {
        List<int[]> batches = sampler.batches(images.count());
        return new LoaderPass(manager, batches, this::prepare, passes++, settings);
    }

    /** The batch's images (N x 3 x size x size floats) and multi-hot targets (N x numClasses). */
    PreparedBatch prepare(int[] indices, int pass, int batchIndex) {
        int pixels = 3 * size * size;
        float[] x = new float[indices.length * pixels];
        float[] y = new float[indices.length * numClasses];
        Random random = new Random(mix(seed, pass, batchIndex));
        ImageAugmenter augmenter = augmentations == null ? null : new ImageAugmenter(hflip, augmentations, random);
        RectCrop rectCrop = augmentations == null ? RectCrop.OFF : augmentations.rectCrop();
        for (int k = 0; k < indices.length; k++) {
            float[] chw;
            if (rectCrop.enable()) { // crop the original, then resize (data_loader.py), before the augmentations
                RgbImage original = images.original(indices[k]);
                int[] box = rectCrop.box(original.height(), original.width(), size, random);
                chw = ImageDecoder.normalise(ImageDecoder.cropResize(original, box[0], box[1], box[2], box[3], size));
            } else {
                chw = ImageDecoder.normalise(images.rgb(indices[k]));
            }
            if (augmenter != null) {
                chw = augmenter.apply(chw, size);
            }
            System.arraycopy(chw, 0, x, k * pixels, pixels);
            for (int label : images.labels(indices[k])) {
                y[k * numClasses + label] = 1f;
            }
        }
        return new PreparedBatch(x, y, indices.length, size, numClasses);
    }

    /** A well-spread 64-bit seed from (seed, pass, batch): SplitMix64's finaliser over a combination of the three. */
    static long mix(long seed, int pass, int batchIndex) {
        long z = seed ^ (pass * 0x9E3779B97F4A7C15L) ^ (batchIndex * 0xC2B2AE3D27D4EB4FL);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A batch ready for the device: {@code count} images (3 x size x size) and targets (numClasses), row-major. */
    record PreparedBatch(float[] pixels, float[] targets, int count, int size, int numClasses) {
    }
}
