package dev.foldhub.training.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import ai.djl.Device;
import dev.foldhub.scoring.ThresholdGrid;
import dev.foldhub.training.EpochStats;
import dev.foldhub.training.FoldCheckpoints;
import dev.foldhub.training.FoldData;
import dev.foldhub.training.FoldOutcome;
import dev.foldhub.training.FoldTrainer;
import dev.foldhub.training.LabeledImage;
import dev.foldhub.training.RecordingProgress;
import dev.foldhub.training.SyntheticImages;
import dev.foldhub.training.TrainingCancelledException;
import dev.foldhub.training.TrainingConfig;
import dev.foldhub.training.TrainingProgress;
import dev.foldhub.training.image.ImageFit;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resume of a stopped fold from resume.ckpt, and train.seed's reproducibility, on the real trainer (CPU). */
class FoldResumeTest {

    @TempDir
    static Path images;

    static List<LabeledImage> train;
    static List<LabeledImage> validation;

    @TempDir
    Path dir;

    private final FoldTrainer trainer = new FoldTrainer(Device.cpu());

    @BeforeAll
    static void writeImages() throws IOException {
        train = SyntheticImages.write(images, "train", 64, 32, 11);
        validation = SyntheticImages.write(images, "valid", 24, 32, 12);
    }

    /** 3 epochs of 4 batches, Adam, hflip augmentation and shuffling on. */
    static TrainingConfig config(double lr) {
        return TrainingConfig.builder().arch("resnet18").inputSize(32).batchSize(16).numEpochs(3).maxStepsPerEpoch(0)
                .lr(lr).weightDecay(1e-4).hflip(true).testBatchSize(32).numTtas(2).fit(ImageFit.RESIZE).build();
    }

    // guards resume: a fold stopped after epoch 1's checkpoint continues with epoch 2 (epoch 1 is not trained again),
    // and with the optimizer moments, schedule and random streams restored it matches the uninterrupted run
    @Test
    void aStoppedFoldResumesFromItsLastCheckpointLikeAnUninterruptedRun() {
        FoldData data = new FoldData(SyntheticImages.CLASSES, train, validation, 5);
        FoldCheckpoints whole = new FoldCheckpoints(dir.resolve("whole"), "r18", 0);
        RecordingProgress uninterrupted = new RecordingProgress(Integer.MAX_VALUE);
        FoldOutcome expected = trainer.train(config(1e-3), data, ThresholdGrid.REFERENCE, whole, uninterrupted);

        FoldCheckpoints stopped = new FoldCheckpoints(dir.resolve("stopped"), "r18", 0);
        RecordingProgress first = new RecordingProgress(1);
        assertThatThrownBy(() -> trainer.train(config(1e-3), data, ThresholdGrid.REFERENCE, stopped, first))
                .isInstanceOf(TrainingCancelledException.class);
        assertThat(first.epochs).extracting(EpochStats::epoch).containsExactly(1);
        assertThat(first.checkpoints).containsExactly(1);
        assertThat(stopped.resumeFile()).isRegularFile();

        RecordingProgress second = new RecordingProgress(Integer.MAX_VALUE);
        FoldOutcome resumed = trainer.train(config(1e-3), data, ThresholdGrid.REFERENCE, stopped, second);

        assertThat(second.epochs).as("only the epochs after the checkpoint are trained")
                .extracting(EpochStats::epoch).containsExactly(2, 3);
        assertThat(second.checkpoints).containsExactly(2, 3);
        assertThat(resumed.epochs()).extracting(EpochStats::epoch).containsExactly(1, 2, 3);
        assertThat(resumed.epochs().get(0)).isEqualTo(first.epochs.get(0));
        for (int e = 0; e < 3; e++) {
            System.out.printf("epoch %d loss uninterrupted %.7f resumed %.7f, F2 %.4f / %.4f%n", e + 1,
                    expected.epochs().get(e).trainLoss(), resumed.epochs().get(e).trainLoss(),
                    expected.epochs().get(e).f2(), resumed.epochs().get(e).f2());
            assertThat(resumed.epochs().get(e).trainLoss()).isCloseTo(expected.epochs().get(e).trainLoss(), offset(1e-5));
            assertThat(resumed.epochs().get(e).f2()).isCloseTo(expected.epochs().get(e).f2(), offset(1e-3));
        }
        assertThat(resumed.bestEpoch()).isEqualTo(expected.bestEpoch());
        assertThat(resumed.checkpoint()).isRegularFile().hasFileName(whole.bestName(resumed.bestEpoch(), resumed.bestF2()));
        assertThat(resumed.oofProbabilities()).hasSize(validation.size() * SyntheticImages.CLASSES);
    }

    // guards train.seed: the same seed gives the same epoch-1 loss on CPU; another seed another loss
    @Test
    void theSameSeedGivesTheSameFirstEpochLoss() {
        TrainingConfig oneEpoch = TrainingConfig.builder().arch("resnet18").inputSize(32).batchSize(16).numEpochs(1)
                .maxStepsPerEpoch(3).hflip(true).testBatchSize(32).fit(ImageFit.RESIZE).build();
        double a = trainer.train(oneEpoch, new FoldData(SyntheticImages.CLASSES, train, validation, 77),
                ThresholdGrid.REFERENCE, dir.resolve("a"), TrainingProgress.NONE).epochs().get(0).trainLoss();
        double b = trainer.train(oneEpoch, new FoldData(SyntheticImages.CLASSES, train, validation, 77),
                ThresholdGrid.REFERENCE, dir.resolve("b"), TrainingProgress.NONE).epochs().get(0).trainLoss();
        double c = trainer.train(oneEpoch, new FoldData(SyntheticImages.CLASSES, train, validation, 78),
                ThresholdGrid.REFERENCE, dir.resolve("c"), TrainingProgress.NONE).epochs().get(0).trainLoss();
        System.out.printf("epoch-1 loss seed 77: %.7f and %.7f, seed 78: %.7f%n", a, b, c);
        assertThat(b).isEqualTo(a);
        assertThat(c).isNotEqualTo(a);
    }

    // guards the fingerprint: a resume file of another config is not continued; the fold starts over at epoch 1
    @Test
    void aResumeFileOfAnotherConfigIsIgnored() throws IOException {
        FoldData data = new FoldData(SyntheticImages.CLASSES, train.subList(0, 32), validation.subList(0, 8), 5);
        FoldCheckpoints checkpoints = new FoldCheckpoints(dir, "r18", 2);
        RecordingProgress first = new RecordingProgress(1);
        assertThatThrownBy(() -> trainer.train(config(1e-3), data, ThresholdGrid.REFERENCE, checkpoints, first))
                .isInstanceOf(TrainingCancelledException.class);
        RecordingProgress other = new RecordingProgress(Integer.MAX_VALUE);
        FoldOutcome outcome = trainer.train(config(2e-3), data, ThresholdGrid.REFERENCE, checkpoints, other);
        assertThat(other.epochs).extracting(EpochStats::epoch).containsExactly(1, 2, 3);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder(outcome.checkpoint().getFileName().toString(), FoldCheckpoints.RESUME_FILE);
        }
    }

    // guards item 6 (issue 13): a resume file whose header reads but whose body was cut short (a copy that stopped,
    // a full disk) is not restored: the fold starts over and finishes, instead of failing on every retry
    @Test
    void aResumeFileCutShortStartsTheFoldOverAndItFinishes() throws IOException {
        FoldCheckpoints checkpoints = stoppedAfterTheFirstEpoch("cut");
        Path file = checkpoints.resumeFile();
        long size = Files.size(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size * 6 / 10);
        }
        assertThat(ResumeFile.readState(file).epoch()).as("the header still reads").isEqualTo(1);

        assertStartsOverAndFinishes(checkpoints);
    }

    // guards item 6: a body of garbage behind a good header starts the fold over too
    @Test
    void aResumeFileWithAGarbledBodyStartsTheFoldOverAndItFinishes() throws IOException {
        FoldCheckpoints checkpoints = stoppedAfterTheFirstEpoch("garbled");
        Path file = checkpoints.resumeFile();
        byte[] bytes = Files.readAllBytes(file);
        byte[] noise = new byte[bytes.length / 2];
        new Random(3).nextBytes(noise);
        System.arraycopy(noise, 0, bytes, bytes.length - noise.length, noise.length);
        Files.write(file, bytes);

        assertStartsOverAndFinishes(checkpoints);
    }

    // guards item 6: a resume file whose OOF size is not the fold's (rows) is not resumed from, whatever its fingerprint
    @Test
    void aResumeFileWhoseRowsDoNotFitTheFoldStartsTheFoldOver() throws IOException {
        FoldCheckpoints checkpoints = stoppedAfterTheFirstEpoch("rows");
        Path file = checkpoints.resumeFile();
        ResumeState state = ResumeFile.readState(file);
        byte[] bytes = Files.readAllBytes(file);
        int at = rowsOffset(state);
        int oof = state.rows() * state.classes() * 4;
        int shorter = (state.rows() - 1) * state.classes() * 4;
        ByteArrayOutputStream changed = new ByteArrayOutputStream();
        changed.write(bytes, 0, at);
        changed.write(ByteBuffer.allocate(8).putInt(state.rows() - 1).putInt(state.classes()).array());
        changed.write(bytes, at + 8, shorter); // one row's probabilities fewer, the rest as written
        changed.write(bytes, at + 8 + oof, bytes.length - at - 8 - oof);
        Files.write(file, changed.toByteArray());
        assertThat(ResumeFile.readState(file).rows()).isEqualTo(state.rows() - 1);

        assertStartsOverAndFinishes(checkpoints);
    }

    // guards item 6: a resume file whose parameter has another shape (here the head's weight transposed, same
    // number of values) is caught by the shape check and the fold starts over, instead of training a broken model
    @Test
    void aResumeFileWithAParameterOfAnotherShapeStartsTheFoldOver() throws IOException {
        FoldCheckpoints checkpoints = stoppedAfterTheFirstEpoch("shape");
        Path file = checkpoints.resumeFile();
        byte[] bytes = Files.readAllBytes(file);
        byte[] head = ByteBuffer.allocate(20).putInt(2).putLong(SyntheticImages.CLASSES).putLong(512).array();
        int at = lastIndexOf(bytes, head);
        assertThat(at).as("the head weight's encoded shape (%d, 512)", SyntheticImages.CLASSES).isPositive();
        System.arraycopy(ByteBuffer.allocate(20).putInt(2).putLong(512).putLong(SyntheticImages.CLASSES).array(), 0,
                bytes, at, 20);
        Files.write(file, bytes);

        assertStartsOverAndFinishes(checkpoints);
    }

    // guards item 6: a header whose counts are garbage is refused as damaged before anything is allocated for them
    @Test
    void aHeaderCountingMoreThanTheFileHoldsIsRefusedAsDamaged() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write("FHRESUME".getBytes(StandardCharsets.US_ASCII));
            out.writeInt(ResumeFile.VERSION);
            out.writeUTF("fingerprint");
            out.writeInt(1);
            out.writeInt(1);
            out.writeDouble(0.5);
            out.writeDouble(0.2);
            out.writeUTF("model_f0_e01_0.5000.params");
            out.writeInt(1 << 20); // rows
            out.writeInt(1 << 12); // classes: 16 GB of floats in a file of a few dozen bytes
        }
        Path file = Files.write(dir.resolve(FoldCheckpoints.RESUME_FILE), bytes.toByteArray());
        assertThatThrownBy(() -> ResumeFile.readState(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("OOF values");
    }

    /** A fold of 32 training images stopped after epoch 1's checkpoint; its directory has resume.ckpt. */
    private FoldCheckpoints stoppedAfterTheFirstEpoch(String name) {
        FoldCheckpoints checkpoints = new FoldCheckpoints(dir.resolve(name), "r18", 0);
        RecordingProgress first = new RecordingProgress(1);
        assertThatThrownBy(() -> trainer.train(config(1e-3), smallFold(), ThresholdGrid.REFERENCE, checkpoints, first))
                .isInstanceOf(TrainingCancelledException.class);
        assertThat(checkpoints.resumeFile()).isRegularFile();
        return checkpoints;
    }

    /** Training again trains every epoch from 1 and finishes, and leaves a resume file that reads. */
    private void assertStartsOverAndFinishes(FoldCheckpoints checkpoints) throws IOException {
        RecordingProgress again = new RecordingProgress(Integer.MAX_VALUE);
        FoldOutcome outcome = trainer.train(config(1e-3), smallFold(), ThresholdGrid.REFERENCE, checkpoints, again);
        assertThat(again.epochs).as("started over").extracting(EpochStats::epoch).containsExactly(1, 2, 3);
        assertThat(outcome.epochs()).extracting(EpochStats::epoch).containsExactly(1, 2, 3);
        assertThat(outcome.oofProbabilities()).hasSize(8 * SyntheticImages.CLASSES);
        assertThat(outcome.checkpoint()).isRegularFile();
        assertThat(ResumeFile.readState(checkpoints.resumeFile()).epoch()).isEqualTo(3);
    }

    private static FoldData smallFold() {
        return new FoldData(SyntheticImages.CLASSES, train.subList(0, 32), validation.subList(0, 8), 5);
    }

    /** Where the header's int rows is: after magic, version, fingerprint, three numbers, two doubles, best file. */
    private static int rowsOffset(ResumeState state) {
        return 8 + 4 + 2 + state.fingerprint().getBytes(StandardCharsets.UTF_8).length + 4 + 4 + 8 + 8 + 2
                + state.bestFile().getBytes(StandardCharsets.UTF_8).length;
    }

    private static int lastIndexOf(byte[] bytes, byte[] pattern) {
        for (int i = bytes.length - pattern.length; i >= 0; i--) {
            int k = 0;
            while (k < pattern.length && bytes[i + k] == pattern[k]) {
                k++;
            }
            if (k == pattern.length) {
                return i;
            }
        }
        return -1;
    }
}
