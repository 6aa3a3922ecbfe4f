package dev.foldhub.errorbrowser;

import java.util.List;

/** One train image among the worst by OOF F2: labels as attribute ids, and the address of its thumbnail. */
public record ImageErrorView(int row, String imageId, double rowF2, List<String> trueLabels,
                             List<String> predictedLabels, List<DisputedLabelView> disputed, String thumbnail) {
}
