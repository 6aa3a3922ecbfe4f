package dev.foldhub.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;

/**
 * Decoded images held in memory as float CHW arrays, served as (image, multi-hot target) records.
 * With an augmenter, each served image is an augmented copy (flips, rotations, erase).
 */
final class ImageArrayDataset extends RandomAccessDataset {

    private final float[][] pixels;
    private final int[][] labels;
    private final int size;
    private final int numClasses;
    private final ImageAugmenter augmenter;

    private ImageArrayDataset(Builder builder) {
        super(builder);
        this.pixels = builder.pixels;
        this.labels = builder.labels;
        this.size = builder.size;
        this.numClasses = builder.numClasses;
        this.augmenter = builder.augmenter;
    }

    static Builder builder() {
        return new Builder();
    }

    @Override
    public Record get(NDManager manager, long index) {
        int i = Math.toIntExact(index);
        float[] image = augmenter != null ? augmenter.apply(pixels[i], size) : pixels[i];
        float[] target = new float[numClasses];
        for (int label : labels[i]) {
            target[label] = 1f;
        }
        return new Record(
                new NDList(manager.create(image, new Shape(3, size, size))),
                new NDList(manager.create(target)));
    }

    @Override
    protected long availableSize() {
        return pixels.length;
    }

    @Override
    public void prepare(Progress progress) {
        // already in memory
    }

    static final class Builder extends BaseBuilder<Builder> {

        private float[][] pixels;
        private int[][] labels;
        private int size;
        private int numClasses;
        private ImageAugmenter augmenter;

        /** Images (CHW, side {@code size}) and, per image, its class indices below {@code numClasses}. */
        Builder setImages(float[][] pixels, int[][] labels, int size, int numClasses) {
            this.pixels = pixels;
            this.labels = labels;
            this.size = size;
            this.numClasses = numClasses;
            return this;
        }

        /** Augment each served image (a copy) with this seeded augmenter. */
        Builder optAugmenter(ImageAugmenter augmenter) {
            this.augmenter = augmenter;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        ImageArrayDataset build() {
            return new ImageArrayDataset(this);
        }
    }
}
