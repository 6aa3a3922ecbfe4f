package dev.foldhub.demo;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import javax.imageio.ImageIO;

/**
 * Writes a synthetic multi-label data set in the Kaggle iMet Collection 2019 layout: labels.csv,
 * train.csv, train/&lt;id&gt;.png, test/&lt;id&gt;.png, sample_submission.csv, and test_labels.csv holding the
 * true test labels for scoring submissions. Each image has exactly one culture (its colour scheme) and 1 to
 * 4 tags (drawn objects), with iMet-like long-tailed label frequencies. Deterministic for a given seed.
 */
public final class DemoDatasetGenerator {

    private final DemoPainter painter = new DemoPainter();

    public DemoDatasetSummary generate(Path dir, DemoSpec spec) {
        Random random = new Random(spec.seed());
        Set<String> ids = new HashSet<>();
        List<DemoSample> train = sample(spec.trainImages(), random, ids);
        List<DemoSample> test = sample(spec.testImages(), random, ids);
        try {
            Files.createDirectories(dir);
            writeLabels(dir.resolve("labels.csv"));
            writeSamples(dir.resolve("train.csv"), train, false);
            writeSamples(dir.resolve("test_labels.csv"), test, false);
            writeSamples(dir.resolve("sample_submission.csv"), test, true);
            ImageIO.setUseCache(false); // why: no temp files; the images are tiny
            writeImages(dir.resolve("train"), train, spec);
            writeImages(dir.resolve("test"), test, spec);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo data set to " + dir, e);
        }
        return new DemoDatasetSummary(dir, train.size(), test.size(), DemoLabels.count());
    }

    private static List<DemoSample> sample(int count, Random random, Set<String> ids) {
        List<DemoSample> samples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id;
            do {
                id = String.format("%016x", random.nextLong());
            } while (!ids.add(id));
            samples.add(new DemoSample(id, pickCulture(random), pickTags(random), random.nextLong()));
        }
        return samples;
    }

    private static int pickCulture(Random random) {
        double u = random.nextDouble();
        double[] weights = DemoLabels.CULTURE_WEIGHTS;
        for (int c = 0; c < weights.length - 1; c++) {
            u -= weights[c];
            if (u < 0) {
                return c;
            }
        }
        return weights.length - 1;
    }

    private static List<Integer> pickTags(Random random) {
        int tagCount = DemoLabels.TAGS.size();
        List<Integer> tags = new ArrayList<>();
        double total = 0;
        for (int t = 0; t < tagCount; t++) {
            total += DemoLabels.tagProbability(t);
            if (random.nextDouble() < DemoLabels.tagProbability(t)) {
                tags.add(t);
            }
        }
        if (tags.isEmpty()) { // every artwork shows something: draw one tag by frequency
            double u = random.nextDouble() * total;
            int t = 0;
            while (t < tagCount - 1 && (u -= DemoLabels.tagProbability(t)) >= 0) {
                t++;
            }
            tags.add(t);
        }
        // at most 4 objects: drop the commonest so the rare tags keep their counts
        return List.copyOf(tags.subList(Math.max(0, tags.size() - DemoLabels.MAX_TAGS), tags.size()));
    }

    private static void writeLabels(Path file) throws IOException {
        StringBuilder csv = new StringBuilder("attribute_id,attribute_name\n");
        for (int id = 0; id < DemoLabels.count(); id++) {
            csv.append(id).append(',').append(DemoLabels.name(id)).append('\n');
        }
        Files.writeString(file, csv);
    }

    private static void writeSamples(Path file, List<DemoSample> samples, boolean placeholder) throws IOException {
        StringBuilder csv = new StringBuilder("id,attribute_ids\n");
        for (DemoSample sample : samples) {
            csv.append(sample.id()).append(',').append(placeholder ? "0" : sample.attributeIds()).append('\n');
        }
        Files.writeString(file, csv);
    }

    // why: sequential; a parallel stream was slower on a loaded 2-core box, and the time goes to PNG encoding
    // and file creation (about 1 ms an image together), not drawing
    private void writeImages(Path dir, List<DemoSample> samples, DemoSpec spec) throws IOException {
        Files.createDirectories(dir);
        for (DemoSample sample : samples) {
            BufferedImage image = painter.paint(sample.culture(), sample.tags(), spec.imageSize(),
                    new Random(sample.drawingSeed()));
            ByteArrayOutputStream png = new ByteArrayOutputStream(4096);
            if (!ImageIO.write(image, "png", png)) {
                throw new IOException("no PNG writer available");
            }
            Files.write(dir.resolve(sample.id() + ".png"), png.toByteArray());
        }
    }
}
