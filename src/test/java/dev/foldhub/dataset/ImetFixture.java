package dev.foldhub.dataset;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/** Writes a tiny valid iMet-layout data set: 6 labels, 40 train rows, 6 test rows, 8x8 PNGs. */
final class ImetFixture {

    static final int LABELS = 6;
    static final int TRAIN = 40;
    static final int TEST = 6;

    private ImetFixture() {
    }

    static Path write(Path dir) {
        try {
            Files.createDirectories(dir.resolve("train"));
            Files.createDirectories(dir.resolve("test"));
            Files.writeString(dir.resolve("labels.csv"), "attribute_id,attribute_name\n"
                    + "0,culture::american\n1,\"culture::american, north\"\n2,tag::dogs\n"
                    + "3,tag::cats\n4,\"tag::men, women\"\n5,tag::flowers\n");
            Random random = new Random(7);
            List<String> train = new ArrayList<>(List.of("id,attribute_ids"));
            for (int r = 0; r < TRAIN; r++) {
                String id = "tr" + r;
                int first = r % LABELS;
                train.add(id + "," + (random.nextBoolean() ? first : first + " " + (first + 1) % LABELS));
                png(dir.resolve("train/" + id + ".png"), random);
            }
            Files.write(dir.resolve("train.csv"), train);
            List<String> test = new ArrayList<>(List.of("id,attribute_ids"));
            for (int r = 0; r < TEST; r++) {
                test.add("te" + r + ",0 1");
                png(dir.resolve("test/te" + r + ".png"), random);
            }
            Files.write(dir.resolve("sample_submission.csv"), test);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void png(Path file, Random random) throws IOException {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                image.setRGB(x, y, random.nextInt(0xFFFFFF));
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }
}
