package dev.foldhub.worker;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.experiment.Level2Inputs;
import dev.foldhub.experiment.Level2MemberInputs;
import dev.foldhub.experiment.Level2Plan;
import dev.foldhub.prediction.TestPrediction;
import dev.foldhub.prediction.TestPredictionStore;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import org.springframework.stereotype.Component;

/**
 * The worker API of a level-2 stacker's TRAIN_FOLD job, each call checked by the worker and the job's lease as the
 * others ({@link AgentAccess}): the fold's plan (members, training and validation rows), one member's input matrices,
 * and the fold's test predictions, which the stacker makes from its members' (stored as an imported experiment's:
 * num_ttas null).
 */
@Component
class AgentLevel2 {

    private final AgentAccess access;
    private final Level2Inputs inputs;
    private final ExperimentService experiments;
    private final DatasetService datasets;
    private final TestPredictionStore tests;

    AgentLevel2(AgentAccess access, Level2Inputs inputs, ExperimentService experiments, DatasetService datasets,
                TestPredictionStore tests) {
        this.access = access;
        this.inputs = inputs;
        this.experiments = experiments;
        this.datasets = datasets;
        this.tests = tests;
    }

    Level2Plan plan(String principal, String workerId, long jobId, long lease) {
        Job job = stackerJob(principal, workerId, jobId, lease);
        return inputs.plan(job.subjectId(), job.fold());
    }

    /** Member {@code index}'s matrices for the job's fold: 400 naming "index" outside the members. */
    Level2MemberInputs member(String principal, String workerId, long jobId, long lease, int index) {
        Job job = stackerJob(principal, workerId, jobId, lease);
        Level2Plan plan = inputs.plan(job.subjectId(), job.fold());
        if (index < 0 || index >= plan.memberIds().size()) {
            throw new InvalidInputException("index", "must be in 0.." + (plan.memberIds().size() - 1));
        }
        return inputs.member(plan, index);
    }

    /** Stores the fold's test predictions (rows x classes, test.csv order); replaces an earlier upload. */
    void storeTestPredictions(String principal, String workerId, long jobId, long lease, double threshold,
                              float[] probabilities, int rows, int classes) {
        Job job = stackerJob(principal, workerId, jobId, lease);
        var task = experiments.foldTask(job.subjectId(), job.fold());
        int labels = datasets.get(task.datasetId()).numLabels();
        int testRows = datasets.testIds(task.datasetId()).size();
        if (classes != labels || rows != testRows) {
            throw new InvalidInputException("test", "must be " + testRows + " test rows x " + labels + " labels, got "
                    + rows + " x " + classes);
        }
        tests.save(new TestPrediction(job.subjectId(), job.fold(), null, threshold, rows, classes, probabilities));
    }

    private Job stackerJob(String principal, String workerId, long jobId, long lease) {
        Job job = access.runningJob(principal, workerId, jobId, lease);
        if (job.kind() != JobKind.TRAIN_FOLD || !experiments.foldTask(job.subjectId(), job.fold()).config().level2()) {
            throw InvalidInputException.unprocessable("jobId", "job " + jobId + " does not train a level-2 stacker");
        }
        return job;
    }
}
