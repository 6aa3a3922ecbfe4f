package dev.foldhub.training.image;

import dev.foldhub.training.TrainingConfig;
import dev.foldhub.training.TtaPlan;
import java.util.Random;

/**
 * Where an image's geometry is decided: how a decoded image of any size becomes the network's input_size x
 * input_size inputs in training (before the augmentations), in validation and test (the TTA views) and in the SWA
 * model's BatchNorm pass. Every draw comes from the random it is given, so a batch stays a function of its seed.
 *
 * <p>{@link ImageFit#CROP}, the reference's (train.py load_data, data_loader.py _transform_image): data.rect_crop
 * when enabled, in every mode, then PadIfNeeded + RandomCrop ({@link PadAndCrop}). An evaluation with one view adds
 * albu.HorizontalFlip(0.5) (train.py's transform_test when num_ttas is 1); with n views each is its own crop and
 * view i is mirrored when i is odd, and the {@link TtaPlan} merges the n outputs.
 *
 * <p>{@link ImageFit#RESIZE}, Foldhub's own: the whole image resized; data.rect_crop crops the original before
 * that resize in training only. An evaluation gives one view, whose mirror the {@link TtaPlan} infers itself.
 */
public final class ImageGeometry {

    private final ImageFit fit;
    private final int size;
    private final RectCrop rectCrop;

    public ImageGeometry(ImageFit fit, int size, RectCrop rectCrop) {
        this.fit = fit;
        this.size = size;
        this.rectCrop = rectCrop;
    }

    /** The geometry of a config: data.fit, model.input_size and data.rect_crop. */
    public static ImageGeometry of(TrainingConfig config) {
        return new ImageGeometry(config.fit(), config.inputSize(), config.augmentations().rectCrop());
    }

    public int size() {
        return size;
    }

    /** A training image before the augmentations: RGB bytes, CHW, size x size. */
    public byte[] training(DecodedImageCache images, int index, Random random) {
        if (fit == ImageFit.CROP) {
            return PadAndCrop.randomCrop(rectCropped(images.original(index), random), size, random);
        }
        if (rectCrop.enable()) { // crop the original, then resize (data_loader.py), before the augmentations
            RgbImage original = images.original(index);
            int[] box = rectCrop.box(original.height(), original.width(), size, random);
            return ImageDecoder.cropResize(original, box[0], box[1], box[2], box[3], size);
        }
        return images.rgb(index);
    }

    /** The image as a training batch has it but not augmented, for the SWA model's BatchNorm statistics. */
    public byte[] plain(DecodedImageCache images, int index, Random random) {
        return fit == ImageFit.CROP ? training(images, index, random) : images.rgb(index);
    }

    /** How many views of an image an evaluation with this plan infers: num_ttas crops, or the one resized image. */
    public int views(TtaPlan tta) {
        return fit == ImageFit.CROP ? tta.numTtas() : 1;
    }

    /** Writes the {@link #views} of image {@code index}, normalised, one after another from {@code out[offset]}. */
    public void evaluation(DecodedImageCache images, int index, TtaPlan tta, Random random, float[] out, int offset) {
        int pixels = 3 * size * size;
        if (fit == ImageFit.RESIZE) {
            System.arraycopy(ImageDecoder.normalise(images.rgb(index)), 0, out, offset, pixels);
            return;
        }
        RgbImage original = images.original(index);
        int views = tta.numTtas();
        for (int view = 0; view < views; view++) {
            float[] chw = ImageDecoder.normalise(PadAndCrop.randomCrop(rectCropped(original, random), size, random));
            // one view: albu.HorizontalFlip(.5); several: data_loader.py flips crops[i] when i % 2 != 0
            boolean flip = views == 1 ? random.nextDouble() < 0.5 : tta.flipped(view);
            if (flip) {
                chw = ImageDecoder.flipHorizontally(chw, size);
            }
            System.arraycopy(chw, 0, out, offset + view * pixels, pixels);
        }
    }

    /**
     * data.rect_crop before PadIfNeeded (data_loader.py): the {@link RectCrop#box} of the original resized to
     * input_size square with scale_both_dims, else to min(crop width, input_size) rows of min(crop height,
     * input_size) columns: data_loader.py passes (height, width) to PIL's resize, which takes (width, height).
     * PIL's bicubic resize, pixel for pixel ({@link PilBicubic}).
     */
    private RgbImage rectCropped(RgbImage original, Random random) {
        if (!rectCrop.enable()) {
            return original;
        }
        int[] box = rectCrop.box(original.height(), original.width(), size, random);
        int rows = rectCrop.scaleBothDims() ? size : Math.min(box[3], size);
        int cols = rectCrop.scaleBothDims() ? size : Math.min(box[2], size);
        return PilBicubic.resize(PilBicubic.crop(original, box[0], box[1], box[2], box[3]), rows, cols);
    }
}
