package dev.foldhub.submission;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.DatasetTable;
import dev.foldhub.ensemble.EnsembleBlend;
import dev.foldhub.ensemble.EnsembleService;
import dev.foldhub.prediction.TestPrediction;
import dev.foldhub.prediction.TestPredictionStore;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobRunner;
import dev.foldhub.queue.JobStoppedException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Runs a SUBMISSION job: blends the stored test predictions of the submission's inputs and stores the CSV. */
@Component
class SubmissionJobRunner implements JobRunner {

    private static final Logger log = LoggerFactory.getLogger(SubmissionJobRunner.class);

    private final SubmissionStore store;
    private final EnsembleService ensembles;
    private final DatasetService datasets;
    private final TestPredictionStore testStore;

    SubmissionJobRunner(SubmissionStore store, EnsembleService ensembles, DatasetService datasets,
                        TestPredictionStore testStore) {
        this.store = store;
        this.ensembles = ensembles;
        this.datasets = datasets;
        this.testStore = testStore;
    }

    @Override
    public JobKind kind() {
        return JobKind.SUBMISSION;
    }

    @Override
    public void run(Job job, String device, BooleanSupplier stop) {
        SubmissionRow s = store.find(job.subjectId())
                .orElseThrow(() -> new IllegalStateException("submission " + job.subjectId() + " does not exist"));
        EnsembleBlend ensemble = ensembles.blend(s.ensembleId());
        DatasetTable table = datasets.table(ensemble.datasetId());
        List<String> testIds = datasets.testIds(ensemble.datasetId());
        int classes = table.attributeIds().size();
        List<SubmissionInput> inputs = store.inputs(s.id());
        List<SubmissionBlend.Member> members = new ArrayList<>();
        for (EnsembleBlend.Member member : ensemble.members()) {
            List<SubmissionBlend.Fold> folds = new ArrayList<>();
            for (SubmissionInput in : inputs) {
                if (in.experimentId() != member.experimentId()) {
                    continue;
                }
                if (stop.getAsBoolean()) {
                    throw new JobStoppedException("submission blend stopped");
                }
                TestPrediction p = testStore.find(in.experimentId(), in.fold(), in.numTtas(), in.combine())
                        .orElseThrow(() -> new IllegalStateException("experiment " + in.experimentId() + " fold "
                                + in.fold() + " has no test predictions with ttas=" + in.numTtas() + "; predict again"));
                if (p.rows() != testIds.size() || p.classes() != classes) {
                    throw new IllegalStateException("test predictions of experiment " + in.experimentId() + " fold "
                            + in.fold() + " are " + p.rows() + " x " + p.classes() + " but sample_submission.csv x "
                            + "labels.csv is " + testIds.size() + " x " + classes);
                }
                folds.add(new SubmissionBlend.Fold(p.probabilities(), p.threshold()));
            }
            if (!folds.isEmpty()) {
                members.add(new SubmissionBlend.Member(member.weight(), folds));
            }
        }
        String csv = SubmissionBlend.csv(members, testIds, table.attributeIds(), table.attributeNames(),
                thresholds(s, ensemble));
        store.saveCsv(s.id(), csv, testIds.size());
        log.info("job {}: submission {} of ensemble '{}' written: {} rows", job.id(), s.id(), ensemble.name(),
                testIds.size());
    }

    /** The submission's thresholds as fixed at its creation, with the ensemble's tuned values. */
    static SubmissionBlend.Thresholds thresholds(SubmissionRow s, EnsembleBlend ensemble) {
        return new SubmissionBlend.Thresholds(s.thresholds(), s.postprocess(), ensemble.tunedThreshold(),
                ensemble.cultureThreshold(), ensemble.tagThreshold());
    }
}
