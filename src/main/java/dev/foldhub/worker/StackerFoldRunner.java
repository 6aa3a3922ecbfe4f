package dev.foldhub.worker;

import ai.djl.Device;
import dev.foldhub.experiment.Level2MemberInputs;
import dev.foldhub.experiment.Level2Plan;
import dev.foldhub.scoring.ThresholdGrid;
import dev.foldhub.training.EpochStats;
import dev.foldhub.training.FoldCheckpoints;
import dev.foldhub.training.TrainingConfig;
import dev.foldhub.training.TrainingDevices;
import dev.foldhub.training.TrainingProgress;
import dev.foldhub.training.StackerOutcome;
import dev.foldhub.training.StackerTrainer;
import dev.foldhub.training.StackingData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TRAIN_FOLD job of a level-2 stacker: its plan and each member's matrices from the server, the fold trained by
 * {@link StackerTrainer} on the other folds' OOF rows, its epochs reported, then its test predictions (when every
 * member has some) and its OOF uploaded as an image fold's.
 */
final class StackerFoldRunner {

    private static final Logger log = LoggerFactory.getLogger(StackerFoldRunner.class);

    private final WorkerGateway gateway;

    StackerFoldRunner(WorkerGateway gateway) {
        this.gateway = gateway;
    }

    void run(LeasedJob job, TrainTask task, TrainingConfig config, String deviceName, StopSignal stop) {
        Level2Plan plan = gateway.level2Plan(job);
        if (plan.trainRows().length != task.train().size() || plan.validationRows().length != task.validation().size()) {
            throw new IllegalStateException("the stacker plan's rows (" + plan.trainRows().length + " / "
                    + plan.validationRows().length + ") differ from the task's (" + task.train().size() + " / "
                    + task.validation().size() + ")");
        }
        List<float[]> train = new ArrayList<>();
        List<float[]> validation = new ArrayList<>();
        List<float[]> test = new ArrayList<>();
        int testRows = -1;
        for (int i = 0; i < plan.memberIds().size(); i++) {
            Level2MemberInputs member = gateway.level2Member(job, i);
            train.add(member.train());
            validation.add(member.validation());
            if (member.test() != null && (testRows < 0 || testRows == member.testRows())) {
                test.add(member.test());
                testRows = member.testRows();
            }
        }
        int classes = plan.classes();
        boolean withTest = test.size() == plan.memberIds().size();
        StackingData data = new StackingData(plan.memberIds().size(), classes,
                StackingData.interleave(train, plan.trainRows().length, classes), labels(task.train()), plan.trainRows(),
                StackingData.interleave(validation, plan.validationRows().length, classes), labels(task.validation()),
                plan.validationRows(), withTest ? StackingData.interleave(test, testRows, classes) : null,
                withTest ? testRows : 0, task.seed());
        train.clear();
        validation.clear();
        Device device = TrainingDevices.resolve(deviceName);
        log.info("job {}: stacking {} fold {} on {}: {} members {}, {} train / {} validation rows{}", job.id(),
                task.experimentName(), task.fold(), device, plan.memberIds().size(), plan.memberNames(),
                plan.trainRows().length, plan.validationRows().length, withTest ? ", " + testRows + " test rows"
                        : " (no test predictions: a member has none)");
        ThresholdGrid grid = new ThresholdGrid(task.thresholdMin(), task.thresholdMax(), task.thresholdPoints());
        StackerOutcome outcome = new StackerTrainer(device).train(config, data, grid,
                new FoldCheckpoints(gateway.workDir(job), task.experimentName(), task.fold()), new TrainingProgress() {
                    @Override
                    public void onEpoch(EpochStats stats) {
                        log.info("job {}: {} fold {} epoch {}: loss {} F2 {} at threshold {}", job.id(),
                                task.experimentName(), task.fold(), stats.epoch(), fmt(stats.trainLoss()),
                                fmt(stats.f2()), fmt(stats.threshold()));
                        gateway.reportEpoch(job, stats);
                        stop.epochEnded();
                    }

                    @Override
                    public boolean cancelRequested() {
                        return stop.stopNow();
                    }
                });
        if (outcome.test() != null) {
            gateway.uploadTestPredictions(job, outcome.fold().threshold(), outcome.test(), outcome.testRows(), classes);
        }
        gateway.uploadFold(job, outcome.fold());
    }

    private static int[][] labels(List<TaskImage> rows) {
        return rows.stream().map(TaskImage::labels).toArray(int[][]::new);
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }
}
