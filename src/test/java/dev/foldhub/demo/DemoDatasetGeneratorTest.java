package dev.foldhub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDatasetGeneratorTest {

    @TempDir
    static Path defaultDir;

    private static DemoDatasetSummary summary;

    @BeforeAll
    static void generateDefault() {
        System.setProperty("java.awt.headless", "true");
        long start = System.nanoTime();
        summary = new DemoDatasetGenerator().generate(defaultDir, DemoSpec.DEFAULT);
        System.out.printf("generated DemoSpec.DEFAULT in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void writesKaggleLayoutWithHeadersAndCounts() throws IOException {
        // guards the iMet file names, headers and row counts the data set registry reads
        List<String> labels = Files.readAllLines(defaultDir.resolve("labels.csv"));
        assertThat(labels.get(0)).isEqualTo("attribute_id,attribute_name");
        assertThat(labels).hasSize(1 + summary.labels()).contains("0,culture::delft", "5,tag::circles");
        for (String file : List.of("train.csv", "test_labels.csv", "sample_submission.csv")) {
            assertThat(Files.readAllLines(defaultDir.resolve(file)).get(0)).isEqualTo("id,attribute_ids");
        }
        assertThat(rows("train.csv")).hasSize(DemoSpec.DEFAULT.trainImages());
        assertThat(rows("test_labels.csv")).hasSize(DemoSpec.DEFAULT.testImages());
        assertThat(rows("sample_submission.csv")).hasSize(DemoSpec.DEFAULT.testImages())
                .allSatisfy(row -> assertThat(row[1]).isEqualTo("0"));
        assertThat(summary).isEqualTo(new DemoDatasetSummary(defaultDir, DemoSpec.DEFAULT.trainImages(), DemoSpec.DEFAULT.testImages(), 20));
    }

    @Test
    void everyRowHasOneCultureAndOneToFourKnownTagsAscending() throws IOException {
        // guards label ids against labels.csv and the one-culture, 1-4 tags rule
        int labelCount = Files.readAllLines(defaultDir.resolve("labels.csv")).size() - 1;
        int cultures = DemoLabels.CULTURES.size();
        for (String file : List.of("train.csv", "test_labels.csv")) {
            for (String[] row : rows(file)) {
                assertThat(row[0]).matches("[0-9a-f]{16}");
                int[] ids = Arrays.stream(row[1].split(" ")).mapToInt(Integer::parseInt).toArray();
                assertThat(ids).isSorted();
                assertThat(Arrays.stream(ids).allMatch(id -> id >= 0 && id < labelCount)).isTrue();
                assertThat(Arrays.stream(ids).filter(id -> id < cultures).count()).isEqualTo(1);
                assertThat(ids.length - 1).isBetween(1, 4);
            }
        }
    }

    @Test
    void everyImageExistsAsRgbPngOfTheSpecSize() throws IOException {
        // guards train/<id>.png and test/<id>.png for every row
        for (String split : List.of("train", "test")) {
            String csv = split.equals("train") ? "train.csv" : "sample_submission.csv";
            List<String[]> rows = rows(csv);
            assertThat(Files.list(defaultDir.resolve(split)).count()).isEqualTo(rows.size());
            for (String[] row : rows) {
                BufferedImage image = ImageIO.read(defaultDir.resolve(split).resolve(row[0] + ".png").toFile());
                assertThat(image.getWidth()).isEqualTo(32);
                assertThat(image.getHeight()).isEqualTo(32);
                assertThat(image.getColorModel().getNumComponents()).isEqualTo(3);
            }
        }
    }

    @Test
    void tagFrequenciesAreLongTailed() throws IOException {
        // guards an iMet-like tail: commonest tag at least 10x the rarest, cultures unequal
        int[] counts = new int[DemoLabels.count()];
        for (String[] row : rows("train.csv")) {
            Arrays.stream(row[1].split(" ")).mapToInt(Integer::parseInt).forEach(id -> counts[id]++);
        }
        int cultures = DemoLabels.CULTURES.size();
        int[] tags = Arrays.copyOfRange(counts, cultures, counts.length);
        int commonest = Arrays.stream(tags).max().orElseThrow();
        int rarest = Arrays.stream(tags).min().orElseThrow();
        System.out.println("label counts in train.csv: " + Arrays.toString(counts));
        assertThat(rarest).isPositive();
        assertThat(commonest).isGreaterThanOrEqualTo(10 * rarest);
        assertThat(commonest).isBetween(DemoSpec.DEFAULT.trainImages() * 3 / 10, DemoSpec.DEFAULT.trainImages() / 2); // 30-50% of the images
        assertThat(counts[0]).isGreaterThan(3 * counts[cultures - 1]);
    }

    @Test
    void sameSeedGivesIdenticalFiles(@TempDir Path first, @TempDir Path second) throws IOException {
        // guards reproducibility: same seed, same bytes
        DemoSpec spec = new DemoSpec(40, 10, 32, 7L);
        new DemoDatasetGenerator().generate(first, spec);
        new DemoDatasetGenerator().generate(second, spec);

        for (String file : List.of("labels.csv", "train.csv", "test_labels.csv", "sample_submission.csv")) {
            assertThat(Files.readAllBytes(second.resolve(file))).isEqualTo(Files.readAllBytes(first.resolve(file)));
        }
        for (String[] row : rowsOf(first.resolve("train.csv"))) {
            Path image = Path.of("train", row[0] + ".png");
            assertThat(Files.readAllBytes(second.resolve(image))).isEqualTo(Files.readAllBytes(first.resolve(image)));
        }
    }

    @Test
    void differentSeedsGiveDifferentData(@TempDir Path first, @TempDir Path second) throws IOException {
        // guards that the seed is actually used
        new DemoDatasetGenerator().generate(first, new DemoSpec(20, 5, 32, 1L));
        new DemoDatasetGenerator().generate(second, new DemoSpec(20, 5, 32, 2L));

        Set<String> firstIds = rowsOf(first.resolve("train.csv")).stream().map(r -> r[0]).collect(Collectors.toSet());
        assertThat(rowsOf(second.resolve("train.csv"))).noneMatch(r -> firstIds.contains(r[0]));
    }

    @Test
    void largerImageSizeScalesTheDrawing(@TempDir Path dir) throws IOException {
        // guards imageSize other than 32
        new DemoDatasetGenerator().generate(dir, new DemoSpec(3, 1, 64, 3L));

        String id = rowsOf(dir.resolve("train.csv")).get(0)[0];
        assertThat(ImageIO.read(dir.resolve("train").resolve(id + ".png").toFile()).getWidth()).isEqualTo(64);
    }

    private static List<String[]> rows(String file) throws IOException {
        return rowsOf(defaultDir.resolve(file));
    }

    private static List<String[]> rowsOf(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().skip(1).map(line -> line.split(",", -1)).toList();
    }
}
