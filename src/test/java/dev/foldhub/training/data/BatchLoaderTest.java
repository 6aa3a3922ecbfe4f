package dev.foldhub.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import dev.foldhub.training.LabeledImage;
import dev.foldhub.training.LoaderSettings;
import dev.foldhub.training.SyntheticImages;
import dev.foldhub.training.TrainingDevices;
import dev.foldhub.training.TtaCombine;
import dev.foldhub.training.TtaPlan;
import dev.foldhub.training.augment.Augmentations;
import dev.foldhub.training.image.DecodedImageCache;
import dev.foldhub.training.image.ImageFit;
import dev.foldhub.training.image.ImageGeometry;
import dev.foldhub.training.image.RectCrop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchLoaderTest {

    private static final Augmentations ALL = new Augmentations(true, true, 0.5, 0.02, 0.2, 0.5, 2.0, false, 0.5);

    @TempDir
    static Path dir;

    static List<LabeledImage> images;

    @BeforeAll
    static void writeImages() throws IOException {
        images = SyntheticImages.write(dir, "img", 37, 40, 3);
    }

    // guards determinism: batch order is the sampler's and each batch's augmentation depends on (seed, pass, batch)
    // only, so 1 thread and 3 threads (and cached or not) give the same arrays
    @Test
    void batchesAreTheSameWhateverTheThreadCount() {
        List<List<float[]>> one = twoPasses(new LoaderSettings(1, 1, 0));
        List<List<float[]>> three = twoPasses(new LoaderSettings(3, 5, 1 << 20));
        assertThat(three).hasSameSizeAs(one);
        for (int i = 0; i < one.size(); i++) {
            assertThat(three.get(i).get(0)).as("images of batch " + i).containsExactly(one.get(i).get(0));
            assertThat(three.get(i).get(1)).as("targets of batch " + i).containsExactly(one.get(i).get(1));
        }
        // 37 images, batch 8: 4 full batches and one of 5 per pass; the second pass is reshuffled and re-augmented
        assertThat(one).hasSize(10);
        assertThat(one.get(5).get(0)).isNotEqualTo(one.get(0).get(0));
    }

    // guards determinism with data.fit crop: the random crops (training, and the TTA views of an evaluation) depend
    // on (seed, pass, batch) only, so 1 and 3 threads give the same arrays; another pass gives other crops
    @Test
    void cropBatchesAreTheSameWhateverTheThreadCount() {
        ImageGeometry crop = new ImageGeometry(ImageFit.CROP, 32, RectCrop.OFF);
        for (TtaPlan tta : java.util.Arrays.asList(null, new TtaPlan(3, TtaCombine.MAX))) {
            List<List<float[]>> one = twoPasses(cropLoader(crop, tta, new LoaderSettings(1, 1, 0)));
            List<List<float[]>> three = twoPasses(cropLoader(crop, tta, new LoaderSettings(3, 5, 1 << 20)));
            assertThat(three).hasSameSizeAs(one);
            for (int i = 0; i < one.size(); i++) {
                assertThat(three.get(i).get(0)).as("images of batch " + i).containsExactly(one.get(i).get(0));
            }
            int views = tta == null ? 1 : 3;
            assertThat(one.get(0).get(0)).hasSize(8 * views * 3 * 32 * 32);
            assertThat(one.get(5).get(0)).as("pass 2's crops").isNotEqualTo(one.get(0).get(0));
        }
    }

    private static BatchLoader cropLoader(ImageGeometry geometry, TtaPlan tta, LoaderSettings settings) {
        return new BatchLoader(new DecodedImageCache(images, 32, new AtomicLong(settings.cacheBytes())), geometry,
                SyntheticImages.CLASSES, true, tta == null ? ALL : null, tta, 77,
                new SeededBatchSampler(8, null, true), settings);
    }

    // guards the batch order: the same permutation as the seeded sampler draws on its own
    @Test
    void batchOrderIsTheSeededSamplersOrder() {
        List<int[]> expected = new SeededBatchSampler(8, new Random(9), true).batches(images.size());
        BatchLoader loader = loader(new LoaderSettings(2, 3, 0), new Random(9));
        List<long[]> seen = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu()); LoaderPass pass = loader.pass(manager)) {
            for (Batch batch : pass) {
                try (batch) {
                    seen.add(batch.getIndices().stream().mapToLong(i -> (Long) i).toArray());
                }
            }
        }
        assertThat(seen).hasSameSizeAs(expected);
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i)).containsExactly(java.util.Arrays.stream(expected.get(i)).asLongStream().toArray());
        }
    }

    // guards the memory bound: no more than prefetchBatches batches are started ahead of what the trainer took
    @Test
    void preparesAtMostPrefetchBatchesAhead() throws InterruptedException {
        List<int[]> batches = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batches.add(new int[] {i});
        }
        AtomicInteger started = new AtomicInteger();
        int prefetch = 3;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
             LoaderPass pass = new LoaderPass(manager, batches, (indices, p, b) -> {
                 started.incrementAndGet();
                 return new BatchLoader.PreparedBatch(new float[3 * 4], new float[2], 1, 2, 2);
             }, 0, new LoaderSettings(4, prefetch, 0))) {
            for (int taken = 0; taken < 20; taken++) {
                Thread.sleep(5);
                assertThat(started.get()).isLessThanOrEqualTo(taken + prefetch);
                pass.next().close();
            }
            assertThat(started.get()).isEqualTo(20);
        }
    }

    // guards failure propagation: an unreadable image fails the pass with its path, in the trainer's thread
    @Test
    void aBrokenImageFailsThePassWithItsPath() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.png"), "not a png");
        List<LabeledImage> withBroken = new ArrayList<>(images.subList(0, 10));
        withBroken.set(6, new LabeledImage(broken, new int[] {1}));
        BatchLoader loader = new BatchLoader(new DecodedImageCache(withBroken, 32, new AtomicLong()), 32,
                SyntheticImages.CLASSES, false, null, 1, new SeededBatchSampler(4, null, false),
                new LoaderSettings(2, 2, 0));
        try (NDManager manager = NDManager.newBaseManager(Device.cpu()); LoaderPass pass = loader.pass(manager)) {
            pass.next().close();
            assertThatThrownBy(pass::next).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("broken.png");
        }
        assertThat(loaderThreads()).isEmpty();
    }

    // guards that no loader thread outlives its pass, also when the trainer stops half-way
    @Test
    void closingAPassHalfWayStopsItsThreads() {
        BatchLoader loader = loader(new LoaderSettings(3, 6, 0), new Random(1));
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            try (LoaderPass pass = loader.pass(manager)) {
                pass.next().close();
                assertThat(loaderThreads()).isNotEmpty();
            }
            assertThat(loaderThreads()).isEmpty();
        }
    }

    // guards the device: batches are created on the device of the manager they are given (the trainer's)
    @Test
    void batchesLiveOnTheTrainersDevice() {
        BatchLoader loader = loader(new LoaderSettings(1, 1, 0), new Random(1));
        try (NDManager manager = NDManager.newBaseManager(TrainingDevices.resolve("cpu"));
             LoaderPass pass = loader.pass(manager);
             Batch batch = pass.next()) {
            assertThat(batch.getData().head().getDevice()).isEqualTo(Device.cpu());
            assertThat(batch.getLabels().head().getDevice().toString()).isEqualTo("cpu()");
        }
    }

    // guards the device check: a GPU the engine does not see is refused with a pointer to the CUDA setup
    @Test
    void aGpuTheEngineDoesNotSeeIsRefused() {
        assumeTrue(Engine.getInstance().getGpuCount() == 0, "this machine has a GPU");
        assertThatThrownBy(() -> TrainingDevices.resolve("gpu0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PYTORCH_LIBRARY_PATH");
        assertThatThrownBy(() -> TrainingDevices.resolve("tpu")).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<List<float[]>> twoPasses(LoaderSettings settings) {
        return twoPasses(loader(settings, new Random(9)));
    }

    private static List<List<float[]>> twoPasses(BatchLoader loader) {
        List<List<float[]>> out = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            for (int p = 0; p < 2; p++) {
                try (LoaderPass pass = loader.pass(manager)) {
                    for (Batch batch : pass) {
                        try (batch) {
                            out.add(List.of(batch.getData().head().toFloatArray(), batch.getLabels().head().toFloatArray()));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static BatchLoader loader(LoaderSettings settings, Random shuffle) {
        return new BatchLoader(new DecodedImageCache(images, 32, new AtomicLong(settings.cacheBytes())), 32,
                SyntheticImages.CLASSES, true, ALL, 77, new SeededBatchSampler(8, shuffle, true), settings);
    }

    private static List<String> loaderThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("foldhub-loader-")).toList();
    }

    // guards rect_crop in the loader: batches stay a function of (seed, pass, batch) and differ from the plain resize
    @Test
    void rectCropBatchesAreDeterministic() throws Exception {
        List<LabeledImage> images = SyntheticImages.write(dir, "rc", 6, 48, 9);
        Augmentations crop = new Augmentations(false, false, 0, 0.02, 0.4, 0.3, 3.33, false, 0.5, 1, "none",
                0.3, 0.3, 0.3, 0.3, new RectCrop(true, 0.5, 1.0, false));
        Augmentations plain = new Augmentations(false, false, 0, 0.02, 0.4, 0.3, 3.33, false, 0.5, 1, "none",
                0.3, 0.3, 0.3, 0.3, RectCrop.OFF);
        int[] indices = {0, 1, 2, 3, 4, 5};
        float[] a = rectCropLoader(images, crop, 0).prepare(indices, 2, 1).pixels();
        float[] b = rectCropLoader(images, crop, 1 << 20).prepare(indices, 2, 1).pixels();
        float[] c = rectCropLoader(images, plain, 0).prepare(indices, 2, 1).pixels();
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }

    private static BatchLoader rectCropLoader(List<LabeledImage> images, Augmentations augmentations, long cache) {
        return new BatchLoader(new DecodedImageCache(images, 32, new AtomicLong(cache)), 32, SyntheticImages.CLASSES,
                false, augmentations, 5, new SeededBatchSampler(6, null, false), new LoaderSettings(1, 1, cache));
    }
}
