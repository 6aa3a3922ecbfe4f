package dev.foldhub.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** A fold's images decoded once into network input arrays, with their class indices. */
record FoldImages(float[][] pixels, int[][] labels) {

    static FoldImages decode(List<LabeledImage> images, int size, int numClasses, TrainingProgress progress) {
        float[][] pixels = new float[images.size()][];
        int[][] labels = new int[images.size()][];
        for (int i = 0; i < pixels.length; i++) {
            FoldTrainer.checkCancelled(progress);
            LabeledImage image = images.get(i);
            for (int label : image.labels()) {
                if (label < 0 || label >= numClasses) {
                    throw new IllegalArgumentException("label " + label + " of " + image.path()
                            + " is outside [0, " + numClasses + ")");
                }
            }
            labels[i] = image.labels().clone();
            try {
                pixels[i] = ImageDecoder.decode(image.path(), size);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new FoldImages(pixels, labels);
    }
}
