package dev.foldhub.ensemble;

/**
 * Which parameters of a post-processing rule a search moves (every shape thresholds per label group; reference moves
 * nothing: threshold 0, the reference's rule). winner2019 is the 2019 winner's shape (a threshold per group plus
 * per-group label caps), relative the 6th place's (p > max p of the image / factor, here with group thresholds).
 */
enum PostprocessShape {

    REFERENCE("reference", false, false, false),
    GROUP_THRESHOLDS("groupThresholds", true, false, false),
    WINNER_2019("winner2019", true, true, false),
    RELATIVE("relative", true, false, true),
    COMBINED("combined", true, true, true);

    final String label;
    final boolean thresholds;
    final boolean caps;
    final boolean relative;

    PostprocessShape(String label, boolean thresholds, boolean caps, boolean relative) {
        this.label = label;
        this.thresholds = thresholds;
        this.caps = caps;
        this.relative = relative;
    }
}
