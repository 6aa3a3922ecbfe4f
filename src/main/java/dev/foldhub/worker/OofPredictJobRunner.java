package dev.foldhub.worker;

import ai.djl.Device;
import dev.foldhub.StorageProperties;
import dev.foldhub.experiment.ExperimentModel;
import dev.foldhub.experiment.ExperimentModels;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.experiment.FoldModel;
import dev.foldhub.experiment.FoldProgress;
import dev.foldhub.experiment.FoldTask;
import dev.foldhub.experiment.OofRecomputation;
import dev.foldhub.experiment.OofRecomputations;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobRunner;
import dev.foldhub.scoring.ThresholdChoice;
import dev.foldhub.scoring.ThresholdSearch;
import dev.foldhub.training.FoldData;
import dev.foldhub.training.LabeledImage;
import dev.foldhub.training.TestPredictor;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs a PREDICT_OOF job as train.py --predict_oof: the fold's best checkpoint predicts its validation rows (train.csv
 * order) with the requested TTAs, the threshold is searched again, and the fold's stored OOF and F2 are replaced.
 */
@Component
class OofPredictJobRunner implements JobRunner {

    private static final Logger log = LoggerFactory.getLogger(OofPredictJobRunner.class);

    private final OofRecomputations recomputations;
    private final ExperimentService experiments;
    private final ExperimentModels models;
    private final FoldDataLoader dataLoader;
    private final FoldProgress progress;
    private final StorageProperties storage;
    private final TrainingProperties training;

    OofPredictJobRunner(OofRecomputations recomputations, ExperimentService experiments, ExperimentModels models,
                        FoldDataLoader dataLoader, FoldProgress progress, StorageProperties storage,
                        TrainingProperties training) {
        this.recomputations = recomputations;
        this.experiments = experiments;
        this.models = models;
        this.dataLoader = dataLoader;
        this.progress = progress;
        this.storage = storage;
        this.training = training;
    }

    @Override
    public JobKind kind() {
        return JobKind.PREDICT_OOF;
    }

    @Override
    public void run(Job job, String device, BooleanSupplier stop) {
        OofRecomputation request = recomputations.find(job.subjectId());
        ExperimentModel model = models.of(request.experimentId());
        FoldModel fold = model.folds().stream().filter(f -> f.fold() == request.fold() && f.checkpoint() != null)
                .findFirst().orElseThrow(() -> new IllegalStateException("experiment " + model.id() + " fold "
                        + request.fold() + " has no checkpoint"));
        FoldTask task = experiments.foldTask(request.experimentId(), request.fold());
        FoldData data = dataLoader.load(task);
        List<Path> images = data.validation().stream().map(LabeledImage::path).toList();
        int[][] labels = data.validation().stream().map(LabeledImage::labels).toArray(int[][]::new);
        TestPredictor.Result r = new TestPredictor(Device.fromName(device)).predict(task.config(), data.numClasses(),
                storage.artifactsDir().resolve(fold.checkpoint()), images, request.numTtas(), stop);
        ThresholdChoice choice = ThresholdSearch.best(r.probabilities(), labels, r.classes(), training.grid());
        progress.replaceOof(request.experimentId(), request.fold(), choice.threshold(), choice.f2(), r.rows(),
                r.classes(), r.probabilities());
        log.info("job {}: {} fold {} OOF recomputed with {} TTA(s): F2 {} at threshold {} ({} rows)", job.id(),
                model.name(), request.fold(), request.numTtas(), String.format(Locale.ROOT, "%.4f", choice.f2()),
                String.format(Locale.ROOT, "%.3f", choice.threshold()), r.rows());
    }
}
