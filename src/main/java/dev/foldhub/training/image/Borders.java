package dev.foldhub.training.image;

/** Border handling shared by the image operations, as cv2 does it. */
public final class Borders {

    private Borders() {
    }

    /**
     * cv2's borderInterpolate for BORDER_REFLECT_101 (gfedcb|abcdefgh|gfedcba): the index inside a side of
     * {@code n} pixels that index {@code i} reads, the edge not repeated; a pad wider than the image reflects again
     * (the pattern has period 2 (n - 1)); 0 for a side of one pixel.
     */
    public static int reflect101(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }
}
