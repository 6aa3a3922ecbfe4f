package dev.foldhub.demo;

import java.util.List;

/**
 * The demo's label set in iMet order: cultures first, then tags, each with how often it occurs.
 * Frequencies are long-tailed like iMet's: tag k is drawn with probability 0.33 / (k + 1)^1.1,
 * and an image left without tags gets one by the same weights, so the commonest tag is in about 43% of the images
 * and the rarest in about 2%, and one culture per image is drawn with unequal weights.
 */
final class DemoLabels {

    static final List<String> CULTURES = List.of("delft", "edo", "maya", "roman", "art deco");
    static final double[] CULTURE_WEIGHTS = {0.38, 0.25, 0.17, 0.12, 0.08};

    static final List<String> TAGS = List.of("circles", "boats", "trees", "birds", "flowers", "horses", "men",
            "women", "suns", "houses", "crosses", "stars", "waves", "mountains", "fish");

    static final int MAX_TAGS = 4;

    private DemoLabels() {
    }

    static int count() {
        return CULTURES.size() + TAGS.size();
    }

    /** The attribute_name column of labels.csv, e.g. {@code culture::edo} or {@code tag::boats}. */
    static String name(int attributeId) {
        return attributeId < CULTURES.size()
                ? "culture::" + CULTURES.get(attributeId)
                : "tag::" + TAGS.get(attributeId - CULTURES.size());
    }

    /** The attribute id of tag index {@code tag} (0 = the commonest). */
    static int tagId(int tag) {
        return CULTURES.size() + tag;
    }

    /** P(image has tag k), a Zipf-like tail: 0.33 for the commonest, about 0.017 for the rarest. */
    static double tagProbability(int tag) {
        return 0.33 / Math.pow(tag + 1, 1.1);
    }
}
