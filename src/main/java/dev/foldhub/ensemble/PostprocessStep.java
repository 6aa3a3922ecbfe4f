package dev.foldhub.ensemble;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.LabelGroups;
import dev.foldhub.prediction.OofStore;
import dev.foldhub.prediction.OofSummary;
import dev.foldhub.scoring.PostprocessRule;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The BLEND job's post-processing step: the request's rule (or a search of every shape) scored on the OOF at the
 * found weights and by nested CV ({@link PostprocessTuning}), stored as the ensemble's {@link PostprocessView}.
 */
@Component
class PostprocessStep {

    private final DatasetService datasets;
    private final OofStore oofStore;
    private final EnsembleResults results;

    PostprocessStep(DatasetService datasets, OofStore oofStore, EnsembleResults results) {
        this.datasets = datasets;
        this.oofStore = oofStore;
        this.results = results;
    }

    LabelGroups labelGroups(long datasetId) {
        return datasets.table(datasetId).labelGroups();
    }

    /** The step's stored view, and the plain thresholds tuned on all rows beside it (the blend's report). */
    record Result(PostprocessView view, TunedThresholds thresholds) {
    }

    /**
     * Runs the step for the ensemble's blend at these weights (the request's rule, or a search of every shape, and the
     * plain thresholds' tuning on the same sorted blend) and records the post-processing.
     */
    Result run(long ensembleId, EnsembleResults.Request request, BlendProblem problem, double[] weights,
               NestedCvResult nested) {
        LabelGroups groups = labelGroups(request.datasetId());
        double offset = offset(request.experimentIds(), weights);
        PostprocessSpec asked = PostprocessJson.spec(results.postprocessRequest(ensembleId));
        PostprocessRule given = asked == null ? null : asked.toRule(groups, offset, "postprocess");
        PostprocessTuning.Outcome outcome = new PostprocessTuning(new PostprocessSearch()).run(problem, weights, nested,
                offset, given, new ThresholdTuning());
        PostprocessView view = view(outcome, groups);
        results.recordPostprocess(ensembleId, view);
        return new Result(view, outcome.thresholds());
    }

    /** The relative rule's offset: sum_m w_m * (mean fold threshold of model m), so s + offset reads as a probability. */
    double offset(List<Long> experimentIds, double[] weights) {
        double offset = 0;
        for (int m = 0; m < weights.length; m++) {
            List<OofSummary> folds = oofStore.summaries(experimentIds.get(m));
            double mean = folds.stream().mapToDouble(OofSummary::threshold).average().orElse(0);
            offset += weights[m] * mean;
        }
        return offset;
    }

    static PostprocessView view(PostprocessTuning.Outcome outcome, LabelGroups groups) {
        List<PostprocessView.RuleView> rules = new ArrayList<>();
        for (PostprocessTuning.Scored s : outcome.rules()) {
            rules.add(new PostprocessView.RuleView(s.name(), PostprocessSpec.of(s.rule(), groups), s.oofF2(), s.nestedCvF2(),
                    s.oofGain(), s.nestedCvGain(), s.exact(), s.inexactRows()));
        }
        return new PostprocessView(outcome.chosen(), PostprocessSpec.of(outcome.chosenRule().rule(), groups),
                List.copyOf(rules), outcome.seconds());
    }
}
