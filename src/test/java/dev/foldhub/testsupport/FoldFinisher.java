package dev.foldhub.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.experiment.FoldProgress;
import dev.foldhub.experiment.FoldTask;
import dev.foldhub.prediction.OofPrediction;
import dev.foldhub.queue.DeviceKind;
import dev.foldhub.queue.DeviceSlot;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobQueue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Finishes a fold without training it, as a worker would end it: leases the fold's job (on a 16 GB GPU slot, so a
 * test's GPU-only jobs run nowhere else), stores a result (every OOF probability 0.5, threshold 0.4, the given F2)
 * and completes the job. Jobs of other folds leased on the way go back to the queue.
 */
public final class FoldFinisher {

    private static final DeviceSlot BIG_GPU = new DeviceSlot(DeviceKind.GPU, 0, 16_000);

    private final JobQueue queue;
    private final FoldProgress progress;
    private final DatasetService datasets;
    private final ExperimentService experiments;

    public FoldFinisher(JobQueue queue, FoldProgress progress, DatasetService datasets, ExperimentService experiments) {
        this.queue = queue;
        this.progress = progress;
        this.datasets = datasets;
        this.experiments = experiments;
    }

    public void succeed(long experimentId, int fold, double f2) {
        List<Job> others = new ArrayList<>();
        try {
            while (true) {
                Optional<Job> leased = queue.lease("fold-finisher", BIG_GPU, false);
                assertThat(leased).as("fold %d of experiment %d is queued", fold, experimentId).isPresent();
                Job job = leased.get();
                if (job.subjectId() != experimentId || job.fold() != fold) {
                    others.add(job);
                    continue;
                }
                FoldTask task = experiments.foldTask(experimentId, fold);
                int rows = datasets.folds(task.foldAssignmentId()).rowsOf(fold).length;
                int classes = datasets.get(task.datasetId()).numLabels();
                float[] p = new float[rows * classes];
                Arrays.fill(p, 0.5f);
                progress.recordFold(job.id(), new OofPrediction(experimentId, fold, 1, 0.4, f2, rows, classes, p), 1,
                        "fold" + fold + ".params");
                assertThat(queue.complete(job)).isTrue();
                return;
            }
        } finally {
            others.forEach(queue::release);
        }
    }
}
