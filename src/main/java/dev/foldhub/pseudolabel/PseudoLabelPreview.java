package dev.foldhub.pseudolabel;

import java.util.List;

/**
 * What pseudo-labels from a submission at minConfidence would add (JSON names are a contract): images and labels,
 * how many labels each added image gets, and the histogram of the confidences of every label the submission
 * predicts; capped is the same with maxLabelsPerImage applied (null when none was given).
 *
 * @param predictedImages test images with at least one predicted label
 * @param predictedLabels labels the submission's CSV lists in all
 */
record PseudoLabelPreview(long submission, long dataset, double minConfidence, Integer maxLabelsPerImage,
                          int testImages, int predictedImages, int predictedLabels, int images, int labels,
                          LabelsPerImage labelsPerImage, Histogram histogram, Capped capped) {

    /** Among the added images: fewest, most and mean labels, and how many images have each count. */
    record LabelsPerImage(int min, int max, double mean, List<Count> counts) {
    }

    /** images added with exactly {@code labels} labels */
    record Count(int labels, int images) {
    }

    /** Equal-width bins over [0, 1] (the last one includes 1). */
    record Histogram(List<Bin> bins) {
    }

    /**
     * count: predicted labels with a confidence in [from, to); kept: those of them the pseudo-labels keep (at or
     * above minConfidence, within maxLabelsPerImage when given).
     */
    record Bin(double from, double to, int count, int kept) {
    }

    /** images, labels and labelsPerImage with at most maxLabelsPerImage labels an image */
    record Capped(int maxLabelsPerImage, int images, int labels, LabelsPerImage labelsPerImage) {
    }
}
