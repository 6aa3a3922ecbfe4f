package dev.foldhub.training.image;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * data.fit (a Foldhub key): how an image of any size becomes the network's input_size x input_size square
 * ({@link ImageGeometry}).
 */
public enum ImageFit {
    /**
     * The reference's geometry (train.py): PadIfNeeded(input_size) with reflect-101 borders, then a random
     * input_size crop, in training, validation and every TTA view; the default.
     */
    CROP,
    /** Foldhub's own: the whole image resized (bilinear) to input_size square, for images made at that size. */
    RESIZE;

    /** The names a config may give. */
    public static final List<String> NAMES = Arrays.stream(values()).map(ImageFit::configName).toList();

    /** The name as configs write it: crop, resize. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The fit of a config name, or null when there is none of that name. */
    public static ImageFit fromName(String name) {
        for (ImageFit fit : values()) {
            if (fit.configName().equals(name)) {
                return fit;
            }
        }
        return null;
    }
}
