package dev.foldhub.training.image;

import dev.foldhub.training.LabeledImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Decoded RGB bytes (CHW) of a list of images, resized to input_size ({@link #rgb}) or at their own size for data.fit
 * crop and data.rect_crop ({@link #original}), kept while a shared byte budget lasts; images beyond it are decoded
 * again each time. Safe for the loader threads: each index is decoded by one thread per pass.
 */
public final class DecodedImageCache {

    private final List<LabeledImage> images;
    private final int size;
    private final AtomicReferenceArray<byte[]> kept;
    private final AtomicReferenceArray<RgbImage> originals;
    private final AtomicLong budget;

    /** @param budget bytes left for every cache sharing it; taken from as images are kept */
    public DecodedImageCache(List<LabeledImage> images, int size, AtomicLong budget) {
        this.images = images;
        this.size = size;
        this.kept = new AtomicReferenceArray<>(images.size());
        this.originals = new AtomicReferenceArray<>(images.size());
        this.budget = budget;
    }

    /** The image's RGB bytes, CHW, side {@code size}; throws UncheckedIOException when it cannot be read. */
    byte[] rgb(int index) {
        byte[] rgb = kept.get(index);
        if (rgb != null) {
            return rgb;
        }
        try {
            rgb = ImageDecoder.decodeRgb(images.get(index).path(), size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long need = rgb.length;
        if (budget.getAndUpdate(left -> left >= need ? left - need : left) >= need) {
            kept.set(index, rgb);
        }
        return rgb;
    }

    /** The image at its own size (for data.fit crop and data.rect_crop), kept under the same budget. */
    RgbImage original(int index) {
        RgbImage image = originals.get(index);
        if (image != null) {
            return image;
        }
        try {
            image = ImageDecoder.decodeOriginal(images.get(index).path());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long need = image.chw().length;
        if (budget.getAndUpdate(left -> left >= need ? left - need : left) >= need) {
            originals.set(index, image);
        }
        return image;
    }

    public java.nio.file.Path path(int index) {
        return images.get(index).path();
    }

    public int[] labels(int index) {
        return images.get(index).labels();
    }

    public int count() {
        return images.size();
    }
}
