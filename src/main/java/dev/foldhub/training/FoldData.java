package dev.foldhub.training;

import java.util.List;

/**
 * The images of one fold.
 *
 * @param numClasses number of classes of the data set
 * @param train      images the fold trains on
 * @param validation the held-out images; out-of-fold predictions follow this order
 * @param seed       seeds weight initialisation, shuffling and augmentation
 */
public record FoldData(int numClasses, List<LabeledImage> train, List<LabeledImage> validation, long seed) {

    public FoldData {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
    }
}
