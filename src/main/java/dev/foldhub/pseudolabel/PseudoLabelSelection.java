package dev.foldhub.pseudolabel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which predicted test labels become pseudo-labels: per image, the labels the submission predicts with a blended
 * probability of at least minConfidence, the most confident maxLabelsPerImage of them (ties: the lower class
 * index); an image with none is left out. Plain Java over the submission's arrays.
 */
final class PseudoLabelSelection {

    /** The kept images (indices into the submission's test ids, ascending) and their classes, ascending. */
    record Selected(int[] rows, int[][] classes, int labels) {
    }

    private PseudoLabelSelection() {
    }

    /**
     * @param predicted  predicted[r] = class indices of test image r
     * @param confidence confidence[r][i] = blended probability of predicted[r][i]
     * @param maxPerImage the cap per image, or Integer.MAX_VALUE for none
     */
    static Selected select(int[][] predicted, float[][] confidence, double minConfidence, int maxPerImage) {
        List<Integer> rows = new ArrayList<>();
        List<int[]> classes = new ArrayList<>();
        int labels = 0;
        for (int r = 0; r < predicted.length; r++) {
            int[] kept = keep(predicted[r], confidence[r], minConfidence, maxPerImage);
            if (kept.length > 0) {
                rows.add(r);
                classes.add(kept);
                labels += kept.length;
            }
        }
        return new Selected(rows.stream().mapToInt(Integer::intValue).toArray(), classes.toArray(new int[0][]), labels);
    }

    private static int[] keep(int[] predicted, float[] confidence, double minConfidence, int maxPerImage) {
        float min = (float) minConfidence; // why: compared as the float it is stored as, so 0.7 keeps a 0.7f
        Integer[] order = new Integer[predicted.length];
        int n = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (confidence[i] >= min) {
                order[n++] = i;
            }
        }
        Integer[] candidates = Arrays.copyOf(order, n);
        // most confident first; equal confidences keep the ascending class order
        Arrays.sort(candidates, (a, b) -> Float.compare(confidence[b], confidence[a]));
        int[] kept = new int[Math.min(n, maxPerImage)];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = predicted[candidates[i]];
        }
        Arrays.sort(kept);
        return kept;
    }
}
