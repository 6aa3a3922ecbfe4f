package dev.foldhub.training;

import ai.djl.Device;
import dev.foldhub.scoring.ThresholdGrid;
import dev.foldhub.training.data.BatchLoader;
import dev.foldhub.training.loop.TrainingSetup;
import dev.foldhub.training.model.ModelBlocks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one fold: a ResNet or a TorchScript module ({@link ModelBlocks}) trains with BCE-on-logits on batches a
 * threaded {@link BatchLoader} prepares, validates after every epoch (threshold search on sample-averaged F2),
 * keeps the best epoch's parameters and out-of-fold probabilities, and writes a resume checkpoint after every
 * epoch so a stopped fold continues where it was. The steps of one run are {@link FoldRun}'s.
 */
public class FoldTrainer {

    private static final Logger log = LoggerFactory.getLogger(FoldTrainer.class);

    private final Device device;
    private final LoaderSettings loader;

    public FoldTrainer(Device device) {
        this(device, LoaderSettings.defaults());
    }

    /** Trains on {@code device} (every array and the model's parameters live there) with this data pipeline. */
    public FoldTrainer(Device device, LoaderSettings loader) {
        this.device = device;
        this.loader = loader;
    }

    /** Trains with the best checkpoint named {@code model_f0_e<NN>_<F2>.params}; see the other overload. */
    public FoldOutcome train(TrainingConfig config, FoldData data, ThresholdGrid grid, Path checkpointDir,
                             TrainingProgress progress) {
        return train(config, data, grid, new FoldCheckpoints(checkpointDir, "model", 0), progress);
    }

    /**
     * Trains the fold, or resumes it from {@code checkpoints.resumeFile()} when that holds an earlier run of the same
     * config and data: parameters, optimizer state, lr schedule, random streams and the epochs so far come back, and
     * training goes on with the next epoch. After every epoch the resume file is rewritten. A resume file that does
     * not fit the fold (sizes, parameter shapes) or cannot be read or restored (cut short, damaged) is logged with the
     * reason and the fold starts over: it never fails the fold.
     *
     * @throws TrainingCancelledException when {@code progress} asks to stop
     * @throws IllegalArgumentException   for an unsupported arch, loss, optimizer or TTA count, or bad labels
     * @throws UncheckedIOException       when an image cannot be read or the checkpoint cannot be written
     */
    public FoldOutcome train(TrainingConfig config, FoldData data, ThresholdGrid grid, FoldCheckpoints checkpoints,
                             TrainingProgress progress) {
        try {
            return train(config, data, grid, checkpoints, progress, true);
        } catch (FoldRun.UnusableResume e) {
            log.warn("{} fold {}: the resume checkpoint {} cannot be restored ({}); starting the fold over",
                    checkpoints.experiment(), checkpoints.fold(), checkpoints.resumeFile(), e.getMessage());
            return train(config, data, grid, checkpoints, progress, false);
        }
    }

    private FoldOutcome train(TrainingConfig config, FoldData data, ThresholdGrid grid, FoldCheckpoints checkpoints,
                              TrainingProgress progress, boolean mayResume) {
        check(config, data);
        progress.throwIfCancelled();
        try {
            return new FoldRun(device, loader, config, data, grid, checkpoints, progress, mayResume).train();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void check(TrainingConfig config, FoldData data) {
        if (config.numClasses() != 0 && config.numClasses() != data.numClasses()) {
            throw new IllegalArgumentException("model.num_classes " + config.numClasses()
                    + " does not match the data set's " + data.numClasses());
        }
        TrainingSetup.loss(config.loss());
        ModelBlocks.check(config, data.numClasses());
        if (config.numTtas() < 1 || config.ttaCombine() == null) {
            throw new IllegalArgumentException("test.num_ttas must be at least 1 with a tta_combine_func, got "
                    + config.numTtas() + " and " + config.ttaCombine());
        }
        if (config.numEpochs() < 1 || config.inputSize() < 32 || config.batchSize() < 1 || config.testBatchSize() < 1) {
            throw new IllegalArgumentException("num_epochs and batch sizes must be at least 1 and input_size at least 32");
        }
        if (data.train().isEmpty() || data.validation().isEmpty()) {
            throw new IllegalArgumentException("a fold needs training and validation images");
        }
    }
}
