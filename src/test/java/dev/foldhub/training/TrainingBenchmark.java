package dev.foldhub.training;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import dev.foldhub.training.augment.Augmentations;
import dev.foldhub.training.data.BatchLoader;
import dev.foldhub.training.data.LoaderPass;
import dev.foldhub.training.data.SeededBatchSampler;
import dev.foldhub.training.image.DecodedImageCache;
import dev.foldhub.training.image.ImageFit;
import dev.foldhub.training.image.ImageGeometry;
import dev.foldhub.training.loop.TrainingLoop;
import dev.foldhub.training.loop.TrainingSetup;
import dev.foldhub.training.model.ResNetFactory;
import dev.foldhub.training.schedule.SettableTracker;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Images/s of the data pipeline alone, of training on one in-memory batch (the network alone) and of training fed
 * by the pipeline, per arch and input size, on synthetic PNGs written to a temp dir. Options (defaults):
 * --archs resnet18,seresnext50_32x4d --sizes 64,288 --batch 32 --steps 5 --warmup 2 --threads 2 --source 384
 * --classes 1103 --device cpu --only all (network: the network alone, for bench/pytorch_train_speed.py; pipeline:
 * the pipeline alone) --fit crop (data.fit: crop or resize) --cache 0 (loader-cache bytes) --passes 1 (pipeline
 * passes over the same images: with a cache, the later ones skip decoding). See docs/speed.md for the command line.
 */
public final class TrainingBenchmark {

    private TrainingBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = options(args);
        List<String> archs = List.of(options.getOrDefault("archs", "resnet18,seresnext50_32x4d").split(","));
        int[] sizes = Arrays.stream(options.getOrDefault("sizes", "64,288").split(",")).mapToInt(Integer::parseInt).toArray();
        int batch = Integer.parseInt(options.getOrDefault("batch", "32"));
        int steps = Integer.parseInt(options.getOrDefault("steps", "5"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "2"));
        int threads = Integer.parseInt(options.getOrDefault("threads", "2"));
        int source = Integer.parseInt(options.getOrDefault("source", "384"));
        int classes = Integer.parseInt(options.getOrDefault("classes", "1103"));
        Device device = TrainingDevices.resolve(options.getOrDefault("device", "cpu"));
        String only = options.getOrDefault("only", "all");
        boolean pipelineToo = !"network".equals(only);
        List<String> trained = "pipeline".equals(only) ? List.of() : archs;
        ImageFit fit = ImageFit.fromName(options.getOrDefault("fit", "crop"));
        // --cache 0 (default): every image decoded each time; with a cache, passes after the first skip decoding
        long cache = Long.parseLong(options.getOrDefault("cache", "0"));
        int passes = Integer.parseInt(options.getOrDefault("passes", "1"));
        LoaderSettings loader = new LoaderSettings(threads, 2 * threads, cache);

        Path dir = Files.createTempDirectory("foldhub-bench");
        try {
            List<LabeledImage> images = pipelineToo ? writeImages(dir, batch * (steps + warmup), source, classes)
                    : List.of();
            System.out.printf(Locale.ROOT, "engine %s %s, device %s, %d loader threads, batch %d, %d timed steps "
                            + "after %d, %d source PNGs of %d px, %d classes, %d cores, data.fit %s, cache %d bytes%n",
                    Engine.getInstance().getEngineName(), Engine.getInstance().getVersion(), device, threads, batch,
                    steps, warmup, images.size(), source, classes, Runtime.getRuntime().availableProcessors(),
                    fit.configName(), cache);
            for (int size : sizes) {
                if (pipelineToo) {
                    BatchLoader set = trainLoader(images, size, classes, batch, loader, fit);
                    for (int pass = 1; pass <= passes; pass++) {
                        double pipeline = pipelineImagesPerSecond(set, size, device);
                        System.out.printf(Locale.ROOT, "pipeline %d px, pass %d: %.1f images/s%n", size, pass, pipeline);
                    }
                }
                for (String arch : trained) {
                    double[] train = trainingImagesPerSecond(arch, images, size, classes, batch, steps, warmup, loader, fit,
                            device, pipelineToo);
                    System.out.printf(Locale.ROOT, "%s %d px: network alone %.1f images/s", arch, size, train[0]);
                    System.out.printf(Locale.ROOT, pipelineToo ? ", fed by the pipeline %.1f images/s%n" : "%n", train[1]);
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Decode, resize, augment (flips, rot90, erase), normalise, stack and copy to the device, nothing else. */
    static double pipelineImagesPerSecond(BatchLoader set, int size, Device device) {
        try (NDManager manager = NDManager.newBaseManager(device)) {
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            int seen = 0;
            try (LoaderPass pass = set.pass(manager)) {
                for (Batch b : pass) {
                    try (b) {
                        seen += b.getSize();
                    }
                }
            }
            System.out.printf(Locale.ROOT, "  pipeline %d px: %.2f images per CPU-second%n", size,
                    seen / ((processCpuNanos() - cpuStart) / 1e9));
            return seen / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** {network alone on one in-memory batch, network fed by the pipeline}, images/s over the timed steps. */
    static double[] trainingImagesPerSecond(String arch, List<LabeledImage> images, int size, int classes, int batch,
                                            int steps, int warmup, LoaderSettings loader, ImageFit fit, Device device,
                                            boolean pipelineToo) {
        TrainingConfig config = TrainingConfig.builder().arch(arch).inputSize(size).numClasses(classes)
                .batchSize(batch).numEpochs(1).maxStepsPerEpoch(0).hflip(true).testBatchSize(batch)
                .fit(ImageFit.RESIZE).build();
        SettableTracker lr = new SettableTracker(config.lr());
        try (Model model = Model.newInstance("bench-" + arch, device)) {
            model.setBlock(ResNetFactory.build(arch, classes, 0));
            try (Trainer trainer = model.newTrainer(TrainingSetup.trainingConfig(config, device, lr))) {
                trainer.initialize(new Shape(1, 3, size, size));
                Random random = new Random(1);
                float[] x = new float[batch * 3 * size * size];
                float[] y = new float[batch * classes];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) random.nextGaussian();
                }
                for (int i = 0; i < y.length; i++) {
                    y[i] = random.nextInt(100) < 3 ? 1 : 0;
                }
                fixedBatchSteps(trainer, x, y, batch, size, classes, warmup);
                long cpuStart = processCpuNanos();
                long start = System.nanoTime();
                fixedBatchSteps(trainer, x, y, batch, size, classes, steps);
                double alone = steps * batch / ((System.nanoTime() - start) / 1e9);
                // on a shared machine wall time swings with the load; images per CPU-second much less
                System.out.printf(Locale.ROOT, "  %s %d px network alone: %.2f images per CPU-second%n", arch, size,
                        steps * batch / ((processCpuNanos() - cpuStart) / 1e9));
                if (!pipelineToo) {
                    return new double[] {alone, 0};
                }

                TrainingLoop loop = new TrainingLoop(config, lr, new Random(2));
                BatchLoader set = trainLoader(images, size, classes, batch, loader, fit);
                loop.run(trainer, set, warmup, () -> config.lr(), TrainingProgress.NONE);
                start = System.nanoTime();
                double[] lossAndImages = loop.run(trainer, set, steps, () -> config.lr(), TrainingProgress.NONE);
                double fed = lossAndImages[1] / ((System.nanoTime() - start) / 1e9);
                return new double[] {alone, fed};
            }
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void fixedBatchSteps(Trainer trainer, float[] x, float[] y, int batch, int size, int classes,
                                        int steps) {
        for (int s = 0; s < steps; s++) {
            try (NDManager step = trainer.getManager().newSubManager()) {
                NDList data = new NDList(step.create(x, new Shape(batch, 3, size, size)));
                NDList labels = new NDList(step.create(y, new Shape(batch, classes)));
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray loss = trainer.getLoss().evaluate(labels, trainer.forward(data, labels));
                    collector.backward(loss);
                    loss.getFloat(); // waits for the device, as PyTorch's loss.item()
                }
                trainer.step();
            }
        }
    }

    private static BatchLoader trainLoader(List<LabeledImage> images, int size, int classes, int batch,
                                           LoaderSettings loader, ImageFit fit) {
        Augmentations augmentations = new Augmentations(true, true, 0.5, 0.02, 0.2, 0.5, 2.0, false, 0.5);
        return new BatchLoader(new DecodedImageCache(images, size, new AtomicLong(loader.cacheBytes())),
                new ImageGeometry(fit, size, augmentations.rectCrop()), classes, true, augmentations, null, 7,
                new SeededBatchSampler(batch, new Random(3), true), loader);
    }

    /** Noisy PNGs with a few coloured rectangles (noise keeps PNG decoding as costly as a photo's), 1-3 labels each. */
    static List<LabeledImage> writeImages(Path dir, int count, int side, int classes) {
        Random random = new Random(5);
        List<LabeledImage> images = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            for (int yy = 0; yy < side; yy++) {
                for (int xx = 0; xx < side; xx++) {
                    image.setRGB(xx, yy, random.nextInt(1 << 24));
                }
            }
            Graphics2D g = image.createGraphics();
            for (int r = 0; r < 3; r++) {
                g.setColor(new Color(random.nextInt(1 << 24)));
                g.fillRect(random.nextInt(side / 2), random.nextInt(side / 2), side / 4, side / 4);
            }
            g.dispose();
            Path path = dir.resolve(i + ".png");
            try {
                ImageIO.write(image, "png", path.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int[] labels = random.ints(1 + random.nextInt(3), 0, classes).distinct().sorted().toArray();
            images.add(new LabeledImage(path, labels));
        }
        return images;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
