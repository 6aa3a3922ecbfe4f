package dev.foldhub.training;

import java.nio.file.Path;

/**
 * One training or validation image: a PNG (any size, RGB) and the indices of its true classes.
 *
 * @param path   the image file
 * @param labels class indices, each in [0, numClasses)
 */
public record LabeledImage(Path path, int[] labels) {
}
