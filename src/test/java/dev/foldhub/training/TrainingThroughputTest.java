package dev.foldhub.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.foldhub.scoring.ThresholdGrid;
import dev.foldhub.training.image.ImageFit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** Prints ResNet-18 training images/s at 32 and 64 px, batch 32, to size demos. Run with -Dfoldhub.benchmark=true. */
@EnabledIfSystemProperty(named = "foldhub.benchmark", matches = "true")
class TrainingThroughputTest {

    // guards nothing; measures the second epoch's training images/s (the first includes warm-up) and prints RSS per epoch
    @Test
    void reportsResnet18TrainingThroughput(@TempDir Path dir) throws IOException {
        List<LabeledImage> train = SyntheticImages.write(dir, "train", 192, 64, 11);
        List<LabeledImage> validation = SyntheticImages.write(dir, "valid", 32, 64, 12);
        FoldData data = new FoldData(SyntheticImages.CLASSES, train, validation, 5);
        for (int size : new int[] {32, 64}) {
            TrainingConfig config = TrainingConfig.builder().arch("resnet18").inputSize(size).numEpochs(4)
                    .maxStepsPerEpoch(6).hflip(true).testBatchSize(32).fit(ImageFit.RESIZE).build();
            FoldOutcome outcome = new FoldTrainer(Device.cpu()).train(config, data, ThresholdGrid.REFERENCE,
                    dir.resolve("ckpt" + size), rssReporter());
            EpochStats second = outcome.epochs().get(1);
            System.out.printf("resnet18 %d px batch 32: %.1f training images/s (epoch 1: %.1f)%n",
                    size, second.imagesPerSecond(), outcome.epochs().get(0).imagesPerSecond());
            assertThat(second.imagesPerSecond()).isPositive();
        }
    }

    private static TrainingProgress rssReporter() {
        return new TrainingProgress() {
            @Override
            public void onEpoch(EpochStats stats) {
                try {
                    String rss = Files.readAllLines(Path.of("/proc/self/status")).stream()
                            .filter(line -> line.startsWith("VmRSS")).findFirst().orElse("VmRSS: ?");
                    System.out.printf("  epoch %d: %.1f images/s, %s%n", stats.epoch(), stats.imagesPerSecond(), rss);
                } catch (IOException e) {
                    System.out.println("  epoch " + stats.epoch() + ": RSS unavailable");
                }
            }

            @Override
            public boolean cancelRequested() {
                return false;
            }
        };
    }
}
