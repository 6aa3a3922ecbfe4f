package dev.foldhub.worker;

import ai.djl.Device;
import dev.foldhub.scoring.ThresholdGrid;
import dev.foldhub.training.EpochStats;
import dev.foldhub.training.FoldCheckpoints;
import dev.foldhub.training.FoldData;
import dev.foldhub.training.FoldOutcome;
import dev.foldhub.training.FoldTrainer;
import dev.foldhub.training.LabeledImage;
import dev.foldhub.training.LoaderSettings;
import dev.foldhub.training.TrainingConfig;
import dev.foldhub.training.TrainingConfigParser;
import dev.foldhub.training.TrainingDevices;
import dev.foldhub.training.TrainingProgress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs a TRAIN_FOLD job on any worker, through its gateway: fetch the task and the last resumable checkpoint,
 * train, report every epoch and checkpoint, upload the best checkpoint and the OOF probabilities.
 */
final class TrainFoldRunner implements LeasedJobRunner {

    private static final Logger log = LoggerFactory.getLogger(TrainFoldRunner.class);

    private final WorkerGateway gateway;
    private final UnaryOperator<String> imageDirs;
    private final LoaderSettings loader;

    /**
     * @param imageDirs maps the server's image directory to this worker's (identity on shared storage)
     * @param loader    the data pipeline's threads, prefetch and cache
     */
    TrainFoldRunner(WorkerGateway gateway, UnaryOperator<String> imageDirs, LoaderSettings loader) {
        this.gateway = gateway;
        this.imageDirs = imageDirs;
        this.loader = loader;
    }

    @Override
    public void run(LeasedJob job, String deviceName, StopSignal stop) {
        TrainTask task = gateway.trainTask(job);
        MDC.put("experimentName", task.experimentName());
        TrainingConfig parsed = TrainingConfigParser.parse(task.config()).cappedAt(task.maxEpochs());
        if (parsed.level2()) { // a stacker trains on its members' predictions, not on images
            new StackerFoldRunner(gateway).run(job, task, parsed, deviceName, stop);
            return;
        }
        Path imageDir = Path.of(imageDirs.apply(task.imageDir()));
        FoldData data = new FoldData(task.numClasses(), images(task.train(), imageDir), images(task.validation(), imageDir),
                task.seed());
        Path dir = gateway.workDir(job);
        boolean resume = gateway.fetchResume(job, dir.resolve(FoldCheckpointStore.RESUME_FILE));
        Device device = TrainingDevices.resolve(deviceName);
        log.info("job {}: training {} fold {} on {} ({} train / {} validation images{})", job.id(), task.experimentName(),
                task.fold(), device, data.train().size(), data.validation().size(), resume ? ", resuming" : "");
        ThresholdGrid grid = new ThresholdGrid(task.thresholdMin(), task.thresholdMax(), task.thresholdPoints());
        FoldCheckpoints checkpoints = new FoldCheckpoints(dir, task.experimentName(), task.fold());
        TrainingConfig config = TrainingConfigParser.parse(task.config()).cappedAt(task.maxEpochs());
        log.info("job {}: {} epochs at most (train.num_epochs capped by foldhub.training.max-epochs {})", job.id(),
                config.numEpochs(), task.maxEpochs());
        FoldOutcome outcome = new FoldTrainer(device, loader).train(config, data,
                grid, checkpoints,
                new TrainingProgress() {
                    @Override
                    public void onEpoch(EpochStats stats) {
                        log.info("job {}: {} fold {} epoch {}: loss {} F2 {} at threshold {} ({} img/s)", job.id(),
                                task.experimentName(), task.fold(), stats.epoch(), fmt(stats.trainLoss()),
                                fmt(stats.f2()), fmt(stats.threshold()), fmt(stats.imagesPerSecond()));
                        gateway.reportEpoch(job, stats);
                        // why: the trainer writes the epoch's checkpoint before it polls cancelRequested again
                        stop.epochEnded();
                    }

                    @Override
                    public void onCheckpoint(Path resumeFile, int epoch) {
                        gateway.uploadResume(job, resumeFile, epoch);
                        stop.epochEnded();
                    }

                    @Override
                    public boolean cancelRequested() {
                        return stop.stopNow();
                    }
                });
        gateway.uploadFold(job, outcome);
    }

    private static List<LabeledImage> images(List<TaskImage> rows, Path imageDir) {
        return rows.stream().map(r -> new LabeledImage(imageDir.resolve(r.id() + ".png"), r.labels())).toList();
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }
}
