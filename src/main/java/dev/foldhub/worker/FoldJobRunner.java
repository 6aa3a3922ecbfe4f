package dev.foldhub.worker;

import ai.djl.Device;
import dev.foldhub.StorageProperties;
import dev.foldhub.experiment.FoldProgress;
import dev.foldhub.experiment.FoldTask;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.prediction.OofPrediction;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobRunner;
import dev.foldhub.training.EpochStats;
import dev.foldhub.training.FoldCheckpoints;
import dev.foldhub.training.FoldData;
import dev.foldhub.training.FoldOutcome;
import dev.foldhub.training.FoldTrainer;
import dev.foldhub.training.TrainingDevices;
import dev.foldhub.training.TrainingProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Runs one TRAIN_FOLD job: train, report every epoch, store the best epoch's OOF and checkpoint. */
@Component
class FoldJobRunner implements JobRunner {

    private static final Logger log = LoggerFactory.getLogger(FoldJobRunner.class);

    private final ExperimentService experiments;
    private final FoldProgress progress;
    private final FoldDataLoader dataLoader;
    private final StorageProperties artifacts;
    private final TrainingProperties training;

    FoldJobRunner(ExperimentService experiments, FoldProgress progress, FoldDataLoader dataLoader,
                  StorageProperties artifacts, TrainingProperties training) {
        this.experiments = experiments;
        this.progress = progress;
        this.dataLoader = dataLoader;
        this.artifacts = artifacts;
        this.training = training;
    }

    @Override
    public JobKind kind() {
        return JobKind.TRAIN_FOLD;
    }

    /** Trains the job's fold; throws TrainingCancelledException when stop() turns true between batches. */
    @Override
    public void run(Job job, String deviceName, BooleanSupplier stop) {
        Device device = TrainingDevices.resolve(deviceName);
        FoldTask task = experiments.foldTask(job.subjectId(), job.fold());
        FoldData data = dataLoader.load(task);
        Path relative = Path.of("experiments", String.valueOf(task.experimentId()), "fold_" + task.fold());
        Path checkpointDir = artifacts.artifactsDir().resolve(relative);
        log.info("job {}: training {} fold {} on {} ({} train / {} validation images)", job.id(),
                task.experimentName(), task.fold(), device, data.train().size(), data.validation().size());
        FoldCheckpoints checkpoints = new FoldCheckpoints(checkpointDir, task.experimentName(), task.fold());
        FoldOutcome outcome = new FoldTrainer(device, training.loader()).train(task.config(), data, training.grid(),
                checkpoints,
                new TrainingProgress() {
                    @Override
                    public void onEpoch(EpochStats stats) {
                        log.info("job {}: {} fold {} epoch {}: loss {} F2 {} at threshold {} ({} img/s)", job.id(),
                                task.experimentName(), task.fold(), stats.epoch(), fmt(stats.trainLoss()),
                                fmt(stats.f2()), fmt(stats.threshold()), fmt(stats.imagesPerSecond()));
                        progress.recordEpoch(task.experimentId(), task.fold(), job.id(), stats);
                    }

                    @Override
                    public boolean cancelRequested() {
                        return stop.getAsBoolean();
                    }
                });
        String checkpoint = artifacts.artifactsDir().toAbsolutePath().normalize()
                .relativize(outcome.checkpoint().toAbsolutePath().normalize()).toString();
        progress.recordFold(job.id(), new OofPrediction(task.experimentId(), task.fold(), outcome.bestEpoch(),
                outcome.threshold(), outcome.bestF2(), outcome.rows(), outcome.classes(), outcome.oofProbabilities()),
                outcome.bestEpoch(), checkpoint);
        deleteResumeFile(checkpoints, job);
    }

    /** The fold is stored: its resume state (parameters and optimizer moments, ~3x the model) is no longer needed. */
    private static void deleteResumeFile(FoldCheckpoints checkpoints, Job job) {
        try {
            Files.deleteIfExists(checkpoints.resumeFile());
        } catch (IOException e) {
            log.warn("job {}: could not delete {}: {}", job.id(), checkpoints.resumeFile(), e.toString());
        }
    }

    private static String fmt(double x) {
        return String.format(java.util.Locale.ROOT, "%.4f", x);
    }
}
