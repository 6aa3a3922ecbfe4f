package dev.foldhub.submission;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.ensemble.EnsembleBlend;
import dev.foldhub.ensemble.EnsembleService;
import dev.foldhub.prediction.TestPredictionStore;
import dev.foldhub.prediction.TestPredictionTiming;
import dev.foldhub.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Estimates an ensemble's test inference time from the speeds its TEST_PREDICT jobs measured. */
@Service
public class InferenceEstimates {

    private final EnsembleService ensembles;
    private final DatasetService datasets;
    private final TestPredictionStore testStore;

    InferenceEstimates(EnsembleService ensembles, DatasetService datasets, TestPredictionStore testStore) {
        this.ensembles = ensembles;
        this.datasets = datasets;
        this.testStore = testStore;
    }

    /** images null = the data set's test set; ttas null = any measured TTA setting (newest). */
    @Transactional(readOnly = true)
    public InferenceEstimate estimate(long ensembleId, Integer images, Integer ttas) {
        EnsembleBlend ensemble = ensembles.blend(ensembleId);
        if (images != null && images < 1) {
            throw new InvalidInputException("images", "must be at least 1, got " + images);
        }
        int n = images != null ? images : datasets.get(ensemble.datasetId()).numTestImages();
        List<InferenceEstimate.ModelSpeed> speeds = new ArrayList<>();
        List<String> unmeasured = new ArrayList<>();
        for (EnsembleBlend.Member member : ensemble.members()) {
            if (member.weight() != null && member.weight() == 0) {
                continue;
            }
            List<TestPredictionTiming> timings = testStore.timings(member.experimentId());
            for (int fold : ensemble.folds()) {
                int f = fold;
                Optional<TestPredictionTiming> t = timings.stream()
                        .filter(x -> x.fold() == f && (ttas == null || x.numTtas() == ttas)).findFirst();
                if (t.isPresent()) {
                    // seconds = images / (images per second)
                    speeds.add(new InferenceEstimate.ModelSpeed(member.experimentId(), fold, t.get().numTtas(),
                            t.get().imagesPerSecond(), n / t.get().imagesPerSecond()));
                } else {
                    unmeasured.add("experiment " + member.experimentId() + " fold " + fold);
                }
            }
        }
        Double total = speeds.isEmpty() ? null : speeds.stream().mapToDouble(InferenceEstimate.ModelSpeed::seconds).sum();
        return new InferenceEstimate(ensembleId, n, ttas, total, speeds, unmeasured);
    }
}
