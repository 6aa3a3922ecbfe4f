package dev.foldhub.experiment;

import dev.foldhub.prediction.Npy;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Writes the reference's level1 layout for an iMet-like synthetic problem, streamed row by row (no matrix in memory):
 * {@code folds.npy}, per model and fold {@code level1_train_<model>_f<k>_e<NN>_<score>.npy} (float32, probability
 * minus the fold threshold; score = the fold's real F2 at that threshold) and {@code <model>_f<k>_e<NN>_<score>.yml}
 * ({@code threshold: t}), and under {@code dataset/} the data set the server registers (labels.csv, train.csv,
 * sample_submission.csv, one tiny PNG hard-linked for every image). Labels and models as the blend benchmark's
 * synthetic data: 1 + ~Poisson(3.5) labels a row, Zipf-like class frequencies, the first 36% of classes "culture";
 * model m's score {@code q_m y + sqrt(rho_m) shared + sqrt(1 - rho_m) own_m - tau_m}, its probability
 * {@code sigmoid(score + logit(0.2))}. A directory already holding the same spec is left as it is.
 */
public final class SyntheticLevel1Files {

    /** rows x classes, models, the fold threshold subtracted in every file, k folds, the seed */
    public record Spec(int rows, int classes, int models, double foldThreshold, int folds, int testImages, long seed) {
        public String describe() {
            return String.format(Locale.ROOT, "rows=%d classes=%d models=%d foldThreshold=%s folds=%d test=%d seed=%d",
                    rows, classes, models, foldThreshold, folds, testImages, seed);
        }
    }

    /** One model's files, in the order an import sends them. */
    public record ModelFiles(String model, List<Path> files) {
    }

    private static final String SPEC_FILE = "synthetic-level1.txt";
    private static final int TABLE_BITS = 16;
    private static final double CALIBRATION = 0.2;

    private SyntheticLevel1Files() {
    }

    /** The model names of a spec, model0..model(M-1). */
    public static String model(int m) {
        return "model" + m;
    }

    /** The data set directory to register ({@code dir/dataset}). */
    public static Path datasetDir(Path dir) {
        return dir.resolve("dataset");
    }

    /** Writes the files unless dir already holds this spec's; returns each model's files (folds.npy first). */
    public static List<ModelFiles> ensure(Path dir, Spec spec) throws IOException {
        Path specFile = dir.resolve(SPEC_FILE);
        if (!Files.isRegularFile(specFile) || !Files.readString(specFile).strip().equals(spec.describe())) {
            write(dir, spec);
            Files.writeString(specFile, spec.describe() + "\n");
        }
        List<ModelFiles> models = new ArrayList<>();
        for (int m = 0; m < spec.models(); m++) {
            String prefix = "level1_train_" + model(m) + "_f";
            List<Path> files = new ArrayList<>(List.of(dir.resolve(ExperimentImport.FOLDS_FILE)));
            try (var listing = Files.list(dir)) {
                List<Path> train = listing.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
                for (Path p : train) {
                    files.add(p);
                    String checkpoint = p.getFileName().toString().substring("level1_train_".length());
                    files.add(dir.resolve(checkpoint.substring(0, checkpoint.length() - ".npy".length()) + ".yml"));
                }
            }
            models.add(new ModelFiles(model(m), files));
        }
        return models;
    }

    private static void write(Path dir, Spec spec) throws IOException {
        Files.createDirectories(dir);
        try (var listing = Files.list(dir)) { // files of another spec would be sent with these
            for (Path p : listing.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("level1_") || name.endsWith(".yml") || name.endsWith(".part")) {
                    Files.delete(p);
                }
            }
        }
        SplittableRandom random = new SplittableRandom(spec.seed());
        byte[] folds = new byte[spec.rows()];
        int[] foldRows = new int[spec.folds()];
        for (int r = 0; r < folds.length; r++) {
            folds[r] = (byte) random.nextInt(spec.folds());
            foldRows[folds[r]]++;
        }
        Files.write(dir.resolve(ExperimentImport.FOLDS_FILE), Npy.writeUint8(folds));
        writeDataset(datasetDir(dir), spec, labels(spec, new SplittableRandom(spec.seed() + 1)));
        writePredictions(dir, spec, folds, foldRows);
    }

    /** every row's labels, drawn again from the same seed when the predictions are written */
    private static int[][] labels(Spec spec, SplittableRandom random) {
        double[] cumulative = cumulative(spec.classes());
        int[][] labels = new int[spec.rows()][];
        for (int r = 0; r < labels.length; r++) {
            labels[r] = drawLabels(random, cumulative, cumulative[spec.classes() - 1], spec.classes());
        }
        return labels;
    }

    private static void writeDataset(Path dataset, Spec spec, int[][] labels) throws IOException {
        Files.createDirectories(dataset.resolve("train"));
        Files.createDirectories(dataset.resolve("test"));
        int culture = (int) Math.round(spec.classes() * 398.0 / 1103);
        try (Writer w = Files.newBufferedWriter(dataset.resolve("labels.csv"))) {
            w.write("attribute_id,attribute_name\n");
            for (int c = 0; c < spec.classes(); c++) {
                w.write(c + "," + (c < culture ? "culture::c" : "tag::t") + c + "\n");
            }
        }
        byte[] png = tinyPng();
        Path original = dataset.resolve("image.png");
        Files.write(original, png);
        try (Writer w = Files.newBufferedWriter(dataset.resolve("train.csv"))) {
            w.write("id,attribute_ids\n");
            for (int r = 0; r < labels.length; r++) {
                StringBuilder line = new StringBuilder(id("r", r)).append(',');
                for (int i = 0; i < labels[r].length; i++) {
                    line.append(i == 0 ? "" : " ").append(labels[r][i]);
                }
                w.write(line.append('\n').toString());
                link(original, dataset.resolve("train").resolve(id("r", r) + ".png"));
            }
        }
        try (Writer w = Files.newBufferedWriter(dataset.resolve("sample_submission.csv"))) {
            w.write("id,attribute_ids\n");
            for (int t = 0; t < spec.testImages(); t++) {
                w.write(id("t", t) + ",0\n");
                link(original, dataset.resolve("test").resolve(id("t", t) + ".png"));
            }
        }
    }

    private static void writePredictions(Path dir, Spec spec, byte[] folds, int[] foldRows) throws IOException {
        int models = spec.models();
        int classes = spec.classes();
        double[] quality = new double[models];
        double[] a = new double[models];
        double[] b = new double[models];
        double[] tau = new double[models];
        for (int m = 0; m < models; m++) {
            quality[m] = 3.5 - 0.2 * m;
            tau[m] = 2.9 + 0.05 * (m % 4);
            double shared = 0.3 + 0.1 * (m % 3);
            a[m] = Math.sqrt(shared);
            b[m] = Math.sqrt(1 - shared);
        }
        float[] normals = new float[1 << TABLE_BITS];
        Random gaussian = new Random(spec.seed());
        for (int i = 0; i < normals.length; i++) {
            normals[i] = (float) gaussian.nextGaussian();
        }
        int mask = normals.length - 1;
        double logit = Math.log(CALIBRATION / (1 - CALIBRATION));
        float t = (float) spec.foldThreshold();
        OutputStream[][] out = new OutputStream[models][spec.folds()];
        Path[][] temp = new Path[models][spec.folds()];
        for (int m = 0; m < models; m++) {
            for (int k = 0; k < spec.folds(); k++) {
                temp[m][k] = dir.resolve(model(m) + "_f" + k + ".npy.part");
                out[m][k] = new BufferedOutputStream(Files.newOutputStream(temp[m][k]), 1 << 20);
                out[m][k].write(Npy.float32Header(foldRows[k], classes));
            }
        }
        double[][] f2Sum = new double[models][spec.folds()];
        SplittableRandom labelRandom = new SplittableRandom(spec.seed() + 1);
        double[] cumulative = cumulative(classes);
        SplittableRandom random = new SplittableRandom(spec.seed() + 2);
        ByteBuffer[] rows = new ByteBuffer[models];
        for (int m = 0; m < models; m++) {
            rows[m] = ByteBuffer.allocate(4 * classes).order(ByteOrder.LITTLE_ENDIAN);
        }
        boolean[] isLabel = new boolean[classes];
        int[] predicted = new int[models];
        int[] truePositives = new int[models];
        try {
            for (int r = 0; r < spec.rows(); r++) {
                int[] labels = drawLabels(labelRandom, cumulative, cumulative[classes - 1], classes);
                for (int label : labels) {
                    isLabel[label] = true;
                }
                Arrays.fill(predicted, 0);
                Arrays.fill(truePositives, 0);
                for (int c = 0; c < classes; c++) {
                    long bits = random.nextLong();
                    double z0 = normals[(int) bits & mask];
                    double y = isLabel[c] ? 1 : 0;
                    for (int m = 0; m < models; m++) {
                        if (m % 2 == 1) {
                            bits = random.nextLong();
                        }
                        double own = normals[(int) (bits >>> (TABLE_BITS * (1 + m % 2))) & mask];
                        // centered = sigmoid(q y + sqrt(rho) shared + sqrt(1 - rho) own - tau + logit(0.2)) - t
                        double d = quality[m] * y + a[m] * z0 + b[m] * own - tau[m];
                        float centered = (float) (1 / (1 + Math.exp(-(d + logit)))) - t;
                        rows[m].putFloat(4 * c, centered);
                        if (centered > 0) {
                            predicted[m]++;
                            truePositives[m] += isLabel[c] ? 1 : 0;
                        }
                    }
                }
                for (int label : labels) {
                    isLabel[label] = false;
                }
                int k = folds[r];
                for (int m = 0; m < models; m++) {
                    out[m][k].write(rows[m].array());
                    int tp = truePositives[m];
                    f2Sum[m][k] += dev.foldhub.scoring.F2Score.rowF2(tp, predicted[m] - tp, labels.length - tp);
                }
            }
        } finally {
            for (OutputStream[] o : out) {
                for (OutputStream s : o) {
                    s.close();
                }
            }
        }
        for (int m = 0; m < models; m++) {
            for (int k = 0; k < spec.folds(); k++) {
                String checkpoint = String.format(Locale.ROOT, "%s_f%d_e%02d_%.4f", model(m), k, 10 + (m + k) % 5,
                        f2Sum[m][k] / foldRows[k]);
                Files.move(temp[m][k], dir.resolve("level1_train_" + checkpoint + ".npy"), StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(dir.resolve(checkpoint + ".yml"), "threshold: " + spec.foldThreshold() + "\n");
            }
        }
    }

    private static double[] cumulative(int classes) {
        double[] cumulative = new double[classes];
        double total = 0;
        for (int c = 0; c < classes; c++) {
            total += Math.pow(c + 20, -0.9);
            cumulative[c] = total;
        }
        return cumulative;
    }

    /**
     * One row's labels of the iMet-like synthetic problems (also {@code SyntheticBlendData}'s): 1 + ~Poisson(3.5)
     * distinct classes drawn from the cumulative class weights, ascending.
     */
    public static int[] drawLabels(SplittableRandom random, double[] cumulative, double total, int classes) {
        // count = 1 + Poisson(3.5) by inversion, at most classes
        int count = 1;
        double p = Math.exp(-3.5);
        double sum = p;
        double u = random.nextDouble();
        for (int k = 1; u > sum && k < 30; k++) {
            p *= 3.5 / k;
            sum += p;
            count++;
        }
        count = Math.min(count, classes);
        int[] labels = new int[count];
        int n = 0;
        while (n < count) {
            int c = Arrays.binarySearch(cumulative, random.nextDouble() * total);
            c = Math.min(c < 0 ? -c - 1 : c, classes - 1);
            boolean seen = false;
            for (int i = 0; i < n && !seen; i++) {
                seen = labels[i] == c;
            }
            if (!seen) {
                labels[n++] = c;
            }
        }
        Arrays.sort(labels);
        return labels;
    }

    private static String id(String prefix, int n) {
        return String.format(Locale.ROOT, "%s%08x", prefix, n);
    }

    private static byte[] tinyPng() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.setUseCache(false);
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", bytes);
        return bytes.toByteArray();
    }

    /** a hard link (no disk space for 100,000 images), a copy where links are not possible */
    private static void link(Path original, Path image) {
        try {
            Files.deleteIfExists(image);
            try {
                Files.createLink(image, original);
            } catch (UnsupportedOperationException | IOException e) {
                Files.copy(original, image);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
