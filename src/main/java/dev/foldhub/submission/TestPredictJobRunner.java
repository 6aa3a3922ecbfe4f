package dev.foldhub.submission;

import dev.foldhub.StorageProperties;
import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.DatasetTable;
import dev.foldhub.experiment.ExperimentModel;
import dev.foldhub.experiment.ExperimentModels;
import dev.foldhub.experiment.FoldModel;
import dev.foldhub.prediction.TestPrediction;
import dev.foldhub.prediction.TestPredictionStore;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobRunner;
import dev.foldhub.training.TestPredictor;
import dev.foldhub.training.TtaCombine;
import dev.foldhub.training.TtaPlan;
import dev.foldhub.training.TrainingDevices;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Runs a TEST_PREDICT job: loads the fold's best checkpoint, predicts test/&lt;id&gt;.png in sample_submission.csv
 * order with the input's TTAs, stores the probabilities with the fold's threshold and the measured speed.
 */
@Component
class TestPredictJobRunner implements JobRunner {

    private static final Logger log = LoggerFactory.getLogger(TestPredictJobRunner.class);

    private final SubmissionStore store;
    private final SubmissionService submissions;
    private final ExperimentModels models;
    private final DatasetService datasets;
    private final TestPredictionStore testStore;
    private final StorageProperties storage;

    TestPredictJobRunner(SubmissionStore store, SubmissionService submissions, ExperimentModels models,
                         DatasetService datasets, TestPredictionStore testStore, StorageProperties storage) {
        this.store = store;
        this.submissions = submissions;
        this.models = models;
        this.datasets = datasets;
        this.testStore = testStore;
        this.storage = storage;
    }

    @Override
    public JobKind kind() {
        return JobKind.TEST_PREDICT;
    }

    @Override
    public void run(Job job, String device, BooleanSupplier stop) {
        long start = System.nanoTime();
        SubmissionInput input = store.input(job.subjectId());
        ExperimentModel m = models.of(input.experimentId());
        // the worker's MDC names the submission input; its log lines should name the experiment too (the worker clears it)
        MDC.put("experiment", String.valueOf(m.id()));
        MDC.put("experimentName", m.name());
        FoldModel fold = m.folds().stream().filter(f -> f.fold() == input.fold() && f.checkpoint() != null).findFirst()
                .orElseThrow(() -> new IllegalStateException("experiment " + m.id() + " fold " + input.fold()
                        + " has no checkpoint"));
        DatasetTable table = datasets.table(m.datasetId());
        List<String> ids = datasets.testIds(m.datasetId());
        List<Path> images = ids.stream().map(id -> table.testDir().resolve(id + ".png")).toList();
        List<Path> missing = TestPredictor.missing(images);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the test folder " + table.testDir() + " lacks " + missing.size() + " of "
                    + images.size() + " images listed in sample_submission.csv, e.g. "
                    + missing.stream().limit(3).map(p -> p.getFileName().toString()).toList());
        }
        TestPredictor.Result r = new TestPredictor(TrainingDevices.resolve(device)).predict(m.config(),
                table.attributeIds().size(), storage.artifactsDir().resolve(fold.checkpoint()), images,
                new TtaPlan(input.numTtas(),
                        input.combine() == null ? m.config().ttaCombine() : TtaCombine.fromName(input.combine())), stop);
        double seconds = (System.nanoTime() - start) / 1e9;
        testStore.saveMeasured(new TestPrediction(m.id(), input.fold(), input.numTtas(), fold.threshold(), r.rows(),
                r.classes(), r.probabilities()), input.combine(), r.imagesPerSecond(), seconds);
        submissions.predictionStored(input.id());
        log.info("job {}: {} fold {} predicted {} test images with {} TTA(s) at {} img/s ({} s in all)", job.id(),
                m.name(), input.fold(), r.rows(), input.numTtas(), String.format("%.1f", r.imagesPerSecond()),
                String.format("%.1f", seconds));
    }
}
