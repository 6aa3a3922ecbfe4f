package dev.foldhub.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import dev.foldhub.training.image.ImageGeometry;
import java.util.function.Function;

/**
 * Test-time augmentation as the reference's data_loader.py and train.py do it: {@code numTtas} views of each image,
 * view i mirrored horizontally when i is odd, their sigmoid outputs merged by {@link TtaCombine}.
 *
 * <p>With data.fit crop (the reference's) each view is its own PadIfNeeded + RandomCrop, made by the
 * {@link ImageGeometry}: all numTtas views are inferred and merged ({@link #predict(NDArray, int, Function)}). With
 * data.fit resize an image is resized to input_size, where that crop is the whole image: the views are the original
 * (even i) and the mirror (odd i), each inferred once and weighed by how many views it stands for, which gives the
 * mean and max over all views exactly ({@link #predict(NDArray, Function)}).
 *
 * @param numTtas test.num_ttas, at least 1
 * @param combine test.tta_combine_func
 */
public record TtaPlan(int numTtas, TtaCombine combine) {

    public TtaPlan {
        if (numTtas < 1) {
            throw new IllegalArgumentException("num_ttas must be at least 1, got " + numTtas);
        }
        if (combine == null) {
            throw new IllegalArgumentException("tta combine func is required");
        }
    }

    /** One view per image, no mirroring. */
    public static final TtaPlan SINGLE = new TtaPlan(1, TtaCombine.MEAN);

    /** The plan of a config's test.num_ttas and test.tta_combine_func. */
    public static TtaPlan of(TrainingConfig config) {
        return new TtaPlan(config.numTtas(), config.ttaCombine());
    }

    /** Whether view {@code i} (0-based) is mirrored horizontally: data_loader.py's {@code if i % 2 != 0}. */
    public boolean flipped(int view) {
        return view % 2 != 0;
    }

    /** How many views are the original image: views 0, 2, 4, ... */
    int originalViews() {
        return (numTtas + 1) / 2;
    }

    /** How many views are the mirrored image: views 1, 3, 5, ... */
    int flippedViews() {
        return numTtas / 2;
    }

    /**
     * The combined probabilities of a batch of {@code views} views per image ((N views, 3, H, W), an image's views
     * one after another): one view is an image whose mirror this plan infers itself ({@link #predict(NDArray,
     * Function)}); numTtas views are all inferred and merged as train.py's output.view(bs, ncrops, -1).mean(1) or
     * .max(1).
     */
    NDArray predict(NDArray images, int views, Function<NDList, NDList> model) {
        if (views == 1) {
            return predict(images, model);
        }
        if (views != numTtas) {
            throw new IllegalArgumentException("a batch of " + views + " views per image for " + numTtas + " TTAs");
        }
        NDArray p = Activation.sigmoid(model.apply(new NDList(images)).singletonOrThrow());
        NDArray perImage = p.reshape(p.getShape().get(0) / views, views, -1);
        return switch (combine) {
            case MEAN -> perImage.mean(new int[] {1});
            case MAX -> perImage.max(new int[] {1});
        };
    }

    /**
     * The combined probabilities of a batch (N, 3, H, W) of one view per image: {@code model} maps images to logits;
     * the mirrored images are inferred only when some view is mirrored.
     */
    NDArray predict(NDArray images, Function<NDList, NDList> model) {
        NDArray original = Activation.sigmoid(model.apply(new NDList(images)).singletonOrThrow());
        if (flippedViews() == 0) {
            return original;
        }
        NDArray flipped = Activation.sigmoid(model.apply(new NDList(images.flip(3))).singletonOrThrow());
        return switch (combine) {
            // mean over views = (a p + b p') / (a + b), a original and b mirrored views
            case MEAN -> original.mul(originalViews()).add(flipped.mul(flippedViews())).div(numTtas);
            // max over views = max(p, p')
            case MAX -> original.maximum(flipped);
        };
    }
}
