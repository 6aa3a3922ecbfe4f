package dev.foldhub.errorbrowser;

import java.util.Map;

/**
 * A label of a train image that train.csv likely gets wrong.
 *
 * @param agreeing   how many models back the suspicion, of {@code models}
 * @param confidence missing: mean probability over the models; wrong: 1 minus it
 */
public record SuspectView(int row, String imageId, String attributeId, String name, int agreeing, int models,
                          double confidence, Map<String, Float> probabilities) {
}
