package dev.foldhub.training;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A tiny multi-label image set whose labels are visible and survive horizontal flips: coloured squares in
 * random quadrants (red, green, blue, yellow), a white horizontal stripe and a black vertical stripe on noisy grey.
 */
public final class SyntheticImages {

    public static final int CLASSES = 6;
    private static final Color[] SQUARE_COLOURS = {Color.RED, Color.GREEN, Color.BLUE, Color.YELLOW};

    private SyntheticImages() {
    }

    /** Writes {@code count} PNGs of side {@code size} with 1-3 labels each. */
    public static List<LabeledImage> write(Path dir, String prefix, int count, int size, long seed) throws IOException {
        Random random = new Random(seed);
        List<LabeledImage> images = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int[] labels = randomLabels(random);
            Path path = dir.resolve(prefix + "-" + i + ".png");
            ImageIO.write(draw(labels, size, random), "png", path.toFile());
            images.add(new LabeledImage(path, labels));
        }
        return images;
    }

    private static int[] randomLabels(Random random) {
        int n = 1 + random.nextInt(3);
        int[] all = {0, 1, 2, 3, 4, 5};
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(all.length - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] labels = new int[n];
        System.arraycopy(all, 0, labels, 0, n);
        Arrays.sort(labels);
        return labels;
    }

    private static BufferedImage draw(int[] labels, int size, Random random) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int v = 100 + random.nextInt(56);
                image.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        Graphics2D g = image.createGraphics();
        int stripe = Math.max(2, size / 12);
        int half = size / 2;
        int quadrants = random.nextInt(24); // which free quadrant each square takes
        boolean[] used = new boolean[4];
        for (int label : labels) {
            if (label == 4) {
                g.setColor(Color.WHITE);
                g.fillRect(0, random.nextInt(size - stripe), size, stripe);
            } else if (label == 5) {
                g.setColor(Color.BLACK);
                g.fillRect(random.nextInt(size - stripe), 0, stripe, size);
            }
        }
        for (int label : labels) {
            if (label < 4) {
                int q = (quadrants + label) % 4;
                while (used[q]) {
                    q = (q + 1) % 4;
                }
                used[q] = true;
                int side = half / 2 + random.nextInt(half / 4 + 1);
                int x = (q % 2) * half + random.nextInt(half - side + 1);
                int y = (q / 2) * half + random.nextInt(half - side + 1);
                g.setColor(SQUARE_COLOURS[label]);
                g.fillRect(x, y, side, side);
            }
        }
        g.dispose();
        return image;
    }
}
