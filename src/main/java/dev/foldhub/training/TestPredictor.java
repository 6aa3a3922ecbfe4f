package dev.foldhub.training;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.foldhub.training.data.BatchLoader;
import dev.foldhub.training.image.DecodedImageCache;
import dev.foldhub.training.image.ImageGeometry;
import dev.foldhub.training.model.ModelBlocks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Predicts images with a fold's saved best checkpoint (a DJL .params file as {@link FoldTrainer} saves it), with
 * FoldTrainer's geometry and TTA rule ({@link ImageGeometry}, {@link TtaPlan}). Image i's random crops draw from a
 * random seeded by (train.seed, i) alone, so a prediction repeats exactly whatever the batch size.
 */
public final class TestPredictor {

    /** Probabilities row-major in image order, and how fast they came (decode + inference). */
    public record Result(float[] probabilities, int rows, int classes, double seconds, double imagesPerSecond) {
    }

    /** The crops' seed when the config has no train.seed (the worker's default seed too). */
    static final long DEFAULT_SEED = 42;

    private final Device device;

    public TestPredictor(Device device) {
        this.device = device;
    }

    /** {@link #predict(TrainingConfig, int, Path, List, TtaPlan, BooleanSupplier)} with numTtas views merged by the config's test.tta_combine_func. */
    public Result predict(TrainingConfig config, int classes, Path checkpoint, List<Path> images, int numTtas,
                          BooleanSupplier stop) {
        return predict(config, classes, checkpoint, images, new TtaPlan(numTtas, config.ttaCombine()), stop);
    }

    /**
     * @throws IllegalArgumentException when the checkpoint's properties do not match the config
     * @throws UncheckedIOException     when the checkpoint or an image cannot be read
     * @throws TrainingCancelledException when {@code stop} turns true (checked between batches)
     */
    public Result predict(TrainingConfig config, int classes, Path checkpoint, List<Path> images, TtaPlan tta,
                          BooleanSupplier stop) {
        if (!checkpoint.getFileName().toString().endsWith(".params")) {
            throw new IllegalArgumentException("not a DJL parameter file (.params): " + checkpoint);
        }
        long start = System.nanoTime();
        int size = config.inputSize();
        ImageGeometry geometry = ImageGeometry.of(config);
        int views = geometry.views(tta);
        int pixels = views * 3 * size * size;
        long seed = config.seed() == null ? DEFAULT_SEED : config.seed();
        // nothing kept: each image is decoded once
        DecodedImageCache decoded = new DecodedImageCache(images.stream().map(p -> new LabeledImage(p, new int[0]))
                .toList(), size, new AtomicLong());
        float[] probabilities = new float[images.size() * classes];
        try (Model model = Model.newInstance("foldhub-" + config.arch(), device)) {
            Block block = ModelBlocks.forCheckpoint(config, classes, model.getNDManager());
            model.setBlock(block);
            try (InputStream in = Files.newInputStream(checkpoint)) {
                model.load(in, Map.of()); // any name: the reference's <experiment>_f<k>_e<NN>_<F2>.params or model-NNNN.params
            }
            checkProperty(model, "arch", config.arch());
            checkProperty(model, "inputSize", String.valueOf(size));
            checkProperty(model, "numClasses", String.valueOf(classes));
            ParameterStore parameters = new ParameterStore(model.getNDManager(), false);
            int batchSize = config.testBatchSize();
            for (int from = 0; from < images.size(); from += batchSize) {
                if (stop.getAsBoolean()) {
                    throw new TrainingCancelledException("test prediction stopped");
                }
                int to = Math.min(images.size(), from + batchSize);
                try (NDManager batch = model.getNDManager().newSubManager()) {
                    float[] x = new float[(to - from) * pixels];
                    for (int i = from; i < to; i++) {
                        Random random = new Random(BatchLoader.mix(seed, 0, i));
                        geometry.evaluation(decoded, i, tta, random, x, (i - from) * pixels);
                    }
                    NDArray input = batch.create(x, new Shape((long) (to - from) * views, 3, size, size));
                    NDArray p = tta.predict(input, views, in -> block.forward(parameters, in, false));
                    float[] values = p.toFloatArray();
                    System.arraycopy(values, 0, probabilities, from * classes, values.length);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MalformedModelException e) {
            throw new IllegalArgumentException("checkpoint " + checkpoint + " does not fit " + config.arch()
                    + " with " + classes + " classes: " + e.getMessage(), e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(probabilities, images.size(), classes, seconds, images.size() / Math.max(seconds, 1e-9));
    }

    private static void checkProperty(Model model, String key, String expected) {
        String saved = model.getProperty(key);
        if (saved != null && !saved.equals(expected)) {
            throw new IllegalArgumentException("checkpoint has " + key + " " + saved + " but the experiment expects "
                    + expected);
        }
    }

    /** The test images that are not there, for a clear error before any inference. */
    public static List<Path> missing(List<Path> images) {
        return images.stream().filter(p -> !Files.isRegularFile(p)).toList();
    }
}
