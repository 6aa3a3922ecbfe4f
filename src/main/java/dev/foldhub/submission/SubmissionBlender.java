package dev.foldhub.submission;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.DatasetTable;
import dev.foldhub.ensemble.EnsembleBlend;
import dev.foldhub.ensemble.EnsembleService;
import dev.foldhub.prediction.TestPrediction;
import dev.foldhub.prediction.TestPredictionStore;
import dev.foldhub.queue.JobStoppedException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.springframework.stereotype.Component;

/**
 * Blends a submission's stored test predictions as its SUBMISSION job does: the members and their folds, the blend
 * scores and the labels its thresholds (or post-processing rule) predict. The job writes the CSV from it; the
 * pseudo-labels read the same predictions with their blended probabilities.
 */
@Component
class SubmissionBlender {

    /** A submission's blend: test ids (sample_submission.csv order), members, scores and predicted class indices. */
    record Blended(EnsembleBlend ensemble, DatasetTable table, List<String> testIds,
                   List<SubmissionBlend.Member> members, double[] scores, int[][] predicted) {
    }

    private final SubmissionStore store;
    private final EnsembleService ensembles;
    private final DatasetService datasets;
    private final TestPredictionStore testStore;

    SubmissionBlender(SubmissionStore store, EnsembleService ensembles, DatasetService datasets,
                      TestPredictionStore testStore) {
        this.store = store;
        this.ensembles = ensembles;
        this.datasets = datasets;
        this.testStore = testStore;
    }

    Blended blend(SubmissionRow s, BooleanSupplier stop) {
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
        double[] scores = SubmissionBlend.scores(members, testIds.size(), classes);
        int[][] predicted = SubmissionBlend.predicted(scores, testIds.size(), table.attributeNames(),
                thresholds(s, ensemble));
        return new Blended(ensemble, table, testIds, members, scores, predicted);
    }

    /** The submission's thresholds as fixed at its creation, with the ensemble's tuned values. */
    static SubmissionBlend.Thresholds thresholds(SubmissionRow s, EnsembleBlend ensemble) {
        return new SubmissionBlend.Thresholds(s.thresholds(), s.postprocess(), ensemble.tunedThreshold(),
                ensemble.cultureThreshold(), ensemble.tagThreshold());
    }
}
