package dev.foldhub.bundle;

import dev.foldhub.dataset.SampleSubmission;
import dev.foldhub.prediction.TestPrediction;
import dev.foldhub.submission.SubmissionBlend;
import dev.foldhub.training.TestPredictor;
import dev.foldhub.training.TrainingConfig;
import dev.foldhub.training.TrainingConfigParser;
import dev.foldhub.training.TrainingDevices;
import dev.foldhub.training.TtaCombine;
import dev.foldhub.training.TtaPlan;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code java -jar foldhub.jar predict --bundle DIR --images TEST_DIR [--out submission.csv] [--sample-submission CSV]
 * [--device cpu]}: a Kaggle bundle's submission, offline, with no Spring context, database or network. Each fold model
 * predicts the test images with {@link TestPredictor} as a TEST_PREDICT job does, its probabilities pass through the
 * stored form ({@link TestPrediction#asStored}), and {@link SubmissionBlend#csv} blends and writes them as the
 * SUBMISSION job does: the same bytes as the server's submission.csv.
 */
public final class BundlePredict {

    private static final List<String> OPTIONS = List.of("bundle", "images", "out", "sample-submission", "device");

    private BundlePredict() {
    }

    /** The predict-only jar's entry point; the leading "predict" is optional. */
    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        System.setProperty("ai.djl.pytorch.num_interop_threads",
                System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
        String[] rest = args.length > 0 && args[0].equals("predict") ? Arrays.copyOfRange(args, 1, args.length) : args;
        try {
            run(rest, System.out);
        } catch (RuntimeException e) {
            System.err.println("predict failed: " + e);
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                System.err.println("  caused by: " + cause);
            }
            System.exit(1);
        }
    }

    /** Writes the submission; returns its path. */
    public static Path run(String[] args, PrintStream log) {
        Map<String, String> options = options(args);
        Path bundle = Path.of(options.getOrDefault("bundle", "."));
        Path images = Path.of(required(options, "images"));
        Path out = Path.of(options.getOrDefault("out", "submission.csv"));
        long start = System.nanoTime();
        BundleManifest manifest = BundleManifest.read(bundle);
        List<String> ids = testIds(images, options.get("sample-submission"));
        List<Path> files = ids.stream().map(id -> images.resolve(id + ".png")).toList();
        List<Path> missing = TestPredictor.missing(files);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(images + " lacks " + missing.size() + " of " + files.size()
                    + " test images, e.g. " + missing.stream().limit(3).map(p -> p.getFileName().toString()).toList());
        }
        int classes = manifest.attributeIds().size();
        TestPredictor predictor = new TestPredictor(TrainingDevices.resolve(options.getOrDefault("device", "cpu")));
        List<SubmissionBlend.Member> members = new ArrayList<>();
        for (BundleManifest.Member member : manifest.members()) {
            TrainingConfig config = TrainingConfigParser.parse(read(bundle.resolve(member.config())));
            // as a TEST_PREDICT job: the submission's combine, else the config's test.tta_combine_func
            TtaPlan tta = new TtaPlan(member.numTtas(), manifest.combine() == null ? config.ttaCombine()
                    : TtaCombine.fromName(manifest.combine()));
            List<SubmissionBlend.Fold> folds = new ArrayList<>();
            for (BundleManifest.Fold fold : member.folds()) {
                TestPredictor.Result r = predictor.predict(config, classes, bundle.resolve(fold.checkpoint()), files,
                        tta, () -> false);
                log.printf("%s fold %d: %d images, %d TTA(s), %.1f img/s%n", member.name(), fold.fold(), r.rows(),
                        member.numTtas(), r.imagesPerSecond());
                folds.add(new SubmissionBlend.Fold(TestPrediction.asStored(r.probabilities()), fold.threshold()));
            }
            members.add(new SubmissionBlend.Member(member.weight(), folds));
        }
        String csv = SubmissionBlend.csv(members, ids, manifest.attributeIds(), manifest.attributeNames(),
                new SubmissionBlend.Thresholds(manifest.thresholds(), manifest.postprocess(), manifest.tunedThreshold(),
                        manifest.cultureThreshold(), manifest.tagThreshold()));
        try {
            Files.writeString(out, csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.printf("wrote %s: %d rows in %.1f s%n", out, ids.size(), (System.nanoTime() - start) / 1e9);
        return out;
    }

    /** sample_submission.csv's ids (given, else next to the images folder); without one, the images' names sorted. */
    static List<String> testIds(Path images, String sampleSubmission) {
        Path sample = sampleSubmission != null ? Path.of(sampleSubmission)
                : images.toAbsolutePath().getParent().resolve("sample_submission.csv");
        if (Files.isRegularFile(sample)) {
            return SampleSubmission.ids(sample);
        }
        if (sampleSubmission != null) {
            throw new IllegalArgumentException("--sample-submission " + sample + " does not exist");
        }
        if (!Files.isDirectory(images)) {
            throw new IllegalArgumentException("--images " + images + " is not a folder");
        }
        try (Stream<Path> list = Files.list(images)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'; options: --" + String.join(", --",
                        OPTIONS));
            }
            String name = arg.substring(2).split("=", 2)[0];
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; options: --" + String.join(", --",
                        OPTIONS));
            }
            if (arg.contains("=")) {
                options.put(name, arg.substring(arg.indexOf('=') + 1));
            } else if (i + 1 < args.length) {
                options.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException(arg + " needs a value");
            }
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required (the test images folder, e.g. "
                    + "../input/<competition>/test)");
        }
        return value;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
