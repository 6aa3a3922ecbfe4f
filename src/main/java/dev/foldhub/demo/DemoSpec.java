package dev.foldhub.demo;

/**
 * Size and seed of a generated demo data set.
 *
 * @param trainImages images under train/ with labels in train.csv
 * @param testImages  images under test/, labels kept aside in test_labels.csv
 * @param imageSize   side of the square RGB images, in pixels
 * @param seed        the same seed gives byte-identical files
 */
public record DemoSpec(int trainImages, int testImages, int imageSize, long seed) {

    /** Learnable by a small resnet in a few epochs; generates in a few seconds. */
    public static final DemoSpec DEFAULT = new DemoSpec(1200, 300, 32, 2019L);

    public DemoSpec {
        if (trainImages <= 0 || testImages <= 0) {
            throw new IllegalArgumentException("trainImages and testImages must be greater than 0");
        }
        if (imageSize < 16) {
            throw new IllegalArgumentException("imageSize must be at least 16, got " + imageSize);
        }
    }
}
