package dev.foldhub.demo;

import java.util.List;

/**
 * One generated image's labels.
 *
 * @param id           a 16-digit hex id, as Kaggle's
 * @param culture      index into {@link DemoLabels#CULTURES}, which is also its attribute id
 * @param tags         tag indices (0 = commonest), ascending, 1 to 4 of them
 * @param drawingSeed  seeds the image's jitter and noise, so images can be drawn in any order
 */
record DemoSample(String id, int culture, List<Integer> tags, long drawingSeed) {

    /** The attribute_ids column: the culture's id and the tags' ids, space-separated, ascending. */
    String attributeIds() {
        StringBuilder ids = new StringBuilder().append(culture);
        for (int tag : tags) {
            ids.append(' ').append(DemoLabels.tagId(tag));
        }
        return ids.toString();
    }
}
