package dev.foldhub.errorbrowser;

import java.util.Map;

/** A label of an image on which truth and prediction disagree, with each model's probability by model name. */
public record DisputedLabelView(String label, String name, boolean truth, Map<String, Float> probabilities) {
}
