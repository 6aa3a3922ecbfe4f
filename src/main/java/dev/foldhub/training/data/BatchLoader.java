package dev.foldhub.training.data;

import ai.djl.ndarray.NDManager;
import dev.foldhub.training.LoaderSettings;
import dev.foldhub.training.TtaPlan;
import dev.foldhub.training.augment.Augmentations;
import dev.foldhub.training.augment.ImageAugmenter;
import dev.foldhub.training.image.DecodedImageCache;
import dev.foldhub.training.image.ImageDecoder;
import dev.foldhub.training.image.ImageFit;
import dev.foldhub.training.image.ImageGeometry;
import dev.foldhub.training.image.RectCrop;
import java.util.List;
import java.util.Random;

/**
 * A fold's images as batches in the sampler's order, each prepared (decode, fit to input_size, augment, normalise,
 * stack) on {@link LoaderSettings#threads()} threads ahead of the trainer by a {@link LoaderPass}. Each batch draws
 * its crops and augmentations from a random seeded by (seed, pass, batch index) alone, so the result does not
 * depend on thread scheduling. The {@link ImageGeometry} decides how an image becomes the network's input.
 */
public final class BatchLoader {

    private final DecodedImageCache images;
    private final ImageGeometry geometry;
    private final int numClasses;
    private final boolean hflip;
    private final Augmentations augmentations;
    private final TtaPlan tta;
    private final SeededBatchSampler sampler;
    private final long seed;
    private final LoaderSettings settings;
    private int passes;

    /**
     * Batches of one of three kinds: training (augmentations given: the geometry's training image, then hflip and
     * the augmentations), evaluation (tta given: the geometry's views of each image for that plan), or plain (neither:
     * the geometry's training image, not augmented).
     */
    public BatchLoader(DecodedImageCache images, ImageGeometry geometry, int numClasses, boolean hflip,
                Augmentations augmentations, TtaPlan tta, long seed, SeededBatchSampler sampler,
                LoaderSettings settings) {
        if (augmentations != null && tta != null) {
            throw new IllegalArgumentException("a loader either augments (training) or makes TTA views, not both");
        }
        for (int i = 0; i < images.count(); i++) {
            for (int label : images.labels(i)) {
                if (label < 0 || label >= numClasses) {
                    throw new IllegalArgumentException("label " + label + " of " + images.path(i) + " is outside [0, "
                            + numClasses + ")");
                }
            }
        }
        this.images = images;
        this.geometry = geometry;
        this.numClasses = numClasses;
        this.hflip = hflip;
        this.augmentations = augmentations;
        this.tta = tta;
        this.sampler = sampler;
        this.seed = seed;
        this.settings = settings;
    }

    /**
     * Images resized to {@code size} ({@link ImageFit#RESIZE}): training with {@code augmentations} (and their
     * rect_crop), or, when they are null, one plain view per image (hflip is then ignored).
     */
    public BatchLoader(DecodedImageCache images, int size, int numClasses, boolean hflip, Augmentations augmentations,
                long seed, SeededBatchSampler sampler, LoaderSettings settings) {
        this(images, new ImageGeometry(ImageFit.RESIZE, size, augmentations == null ? RectCrop.OFF
                : augmentations.rectCrop()), numClasses, hflip, augmentations, augmentations == null ? TtaPlan.SINGLE
                : null, seed, sampler, settings);
    }

    /** The next pass is number {@code pass} (a resumed fold continues the draws where it stopped). */
    public void startAtPass(int pass) {
        this.passes = pass;
    }

    /** Number of images a pass draws from. */
    public int size() {
        return images.count();
    }

    /**
     * Starts the next pass: its threads begin at once and stop when it is closed. Batches are created under
     * sub-managers of {@code manager}, so on its device.
     */
    public LoaderPass pass(NDManager manager) {
        List<int[]> batches = sampler.batches(images.count());
        return new LoaderPass(manager, batches, this::prepare, passes++, settings);
    }

    /** The batch's images (N x views x 3 x size x size floats) and multi-hot targets (N x numClasses). */
    PreparedBatch prepare(int[] indices, int pass, int batchIndex) {
        int size = geometry.size();
        int pixels = 3 * size * size;
        int views = tta == null ? 1 : geometry.views(tta);
        float[] x = new float[indices.length * views * pixels];
        float[] y = new float[indices.length * numClasses];
        Random random = new Random(mix(seed, pass, batchIndex));
        ImageAugmenter augmenter = augmentations == null ? null : new ImageAugmenter(hflip, augmentations, random);
        for (int k = 0; k < indices.length; k++) {
            if (tta != null) {
                geometry.evaluation(images, indices[k], tta, random, x, k * views * pixels);
            } else if (augmenter != null) {
                float[] chw = ImageDecoder.normalise(geometry.training(images, indices[k], random));
                System.arraycopy(augmenter.apply(chw, size), 0, x, k * pixels, pixels);
            } else {
                System.arraycopy(ImageDecoder.normalise(geometry.plain(images, indices[k], random)), 0, x, k * pixels,
                        pixels);
            }
            for (int label : images.labels(indices[k])) {
                y[k * numClasses + label] = 1f;
            }
        }
        return new PreparedBatch(x, y, indices.length, size, numClasses, views);
    }

    /** A well-spread 64-bit seed from (seed, pass, batch): SplitMix64's finaliser over a combination of the three. */
    public static long mix(long seed, int pass, int batchIndex) {
        long z = seed ^ (pass * 0x9E3779B97F4A7C15L) ^ (batchIndex * 0xC2B2AE3D27D4EB4FL);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A batch ready for the device: {@code count} images of {@code views} views each (3 x size x size, an image's
     * views one after another) and targets (numClasses), row-major.
     */
    record PreparedBatch(float[] pixels, float[] targets, int count, int size, int numClasses, int views) {

        /** One view per image. */
        PreparedBatch(float[] pixels, float[] targets, int count, int size, int numClasses) {
            this(pixels, targets, count, size, numClasses, 1);
        }
    }
}
