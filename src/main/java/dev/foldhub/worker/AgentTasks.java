package dev.foldhub.worker;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.DatasetTable;
import dev.foldhub.dataset.FoldSplit;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.experiment.FoldTask;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** What a leased TRAIN_FOLD job needs to train: its config, its images and the fold's split. */
@Component
class AgentTasks {

    private final AgentAccess access;
    private final ExperimentService experiments;
    private final DatasetService datasets;
    private final TrainingProperties training;

    AgentTasks(AgentAccess access, ExperimentService experiments, DatasetService datasets, TrainingProperties training) {
        this.access = access;
        this.experiments = experiments;
        this.datasets = datasets;
        this.training = training;
    }

    /** What a TRAIN_FOLD job needs: config, images and the fold's split (train.csv order). */
    TrainTask trainTask(String principal, String workerId, long jobId, long lease) {
        Job job = access.runningJob(principal, workerId, jobId, lease);
        if (job.kind() != JobKind.TRAIN_FOLD) {
            throw InvalidInputException.unprocessable("jobId",
                    "job " + jobId + " is a " + job.kind() + " job; only TRAIN_FOLD jobs have a training task");
        }
        FoldTask task = experiments.foldTask(job.subjectId(), job.fold());
        DatasetTable table = datasets.table(task.datasetId());
        FoldSplit split = datasets.folds(task.foldAssignmentId()).split(task.fold());
        List<TaskImage> train = new ArrayList<>();
        List<TaskImage> validation = new ArrayList<>();
        for (int row : split.train()) {
            train.add(new TaskImage(table.trainIds().get(row), table.trainLabels()[row]));
        }
        for (int row : split.validation()) {
            validation.add(new TaskImage(table.trainIds().get(row), table.trainLabels()[row]));
        }
        // why: a seed per fold makes each fold's run reproducible and the folds' runs different; train.seed moves all
        Long configSeed = task.config().seed();
        long seed = (configSeed == null ? 42L : configSeed) + 1000L * task.fold();
        return new TrainTask(task.experimentId(), task.experimentName(), task.fold(), task.configYaml(),
                table.attributeIds().size(), seed, table.trainDir().toAbsolutePath().normalize().toString(), train,
                validation, training.thresholdMin(), training.thresholdMax(), training.thresholdPoints(),
                training.maxEpochs());
    }
}
