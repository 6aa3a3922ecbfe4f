package dev.foldhub.ensemble;

import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.experiment.ExperimentView;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Assembles ensemble views from the entity and its blend job. */
@Component
class EnsembleViews {

    private final JobQueue queue;
    private final ExperimentService experiments;
    private final EnsembleFolds folds;

    EnsembleViews(JobQueue queue, ExperimentService experiments, EnsembleFolds folds) {
        this.queue = queue;
        this.experiments = experiments;
        this.folds = folds;
    }

    EnsembleView of(Ensemble e) {
        Optional<Job> job = queue.forSubject(JobKind.BLEND, e.getId()).stream().max(Comparator.comparingLong(Job::id));
        String status = "imported".equals(e.getSource()) ? "IMPORTED"
                : EnsembleService.SOURCE_EXPERIMENT.equals(e.getSource()) ? "EXPERIMENT"
                : job.map(j -> j.state().name()).orElse("QUEUED");
        List<EnsembleView.MemberWeight> weights = e.getMembers().stream()
                .map(m -> member(m.getExperimentId(), m.getWeight()))
                .toList();
        Double bestMember = weights.stream().map(EnsembleView.MemberWeight::oofF2).filter(Objects::nonNull)
                .max(Double::compare).orElse(null);
        EnsembleView.ThresholdTuningView tuning = e.getTunedThreshold() == null ? null
                : new EnsembleView.ThresholdTuningView(e.getTunedThreshold(), e.getTunedF2(), e.getCultureThreshold(),
                        e.getTagThreshold(), e.getGroupTunedF2());
        EnsembleFolds.Used used = folds.of(e);
        String nestedCvSkipped = "search".equals(e.getSource()) && used.folds().size() < 2
                ? "nested CV needs at least 2 folds; this blend has only fold " + used.folds().get(0) : null;
        return new EnsembleView(e.getId(), e.getName(), status, e.getMethod(), e.getChosenMethod(), e.getDatasetId(),
                job.map(Job::id).orElse(null), job.map(Job::error).orElse(null), e.getOofF2(), e.getEqualWeightF2(),
                e.getNestedCvF2(), e.getEvaluations(), e.getSeconds(), e.getLoadSeconds(),
                e.getSearchSeconds(), e.getNestedCvSeconds(), e.getTuningSeconds(), weights, tuning, e.getCreatedAt(),
                used.partial(), used.rows(), used.folds(), nestedCvSkipped, PostprocessJson.view(e.getPostprocess()),
                bestMember, difference(e.getOofF2(), bestMember), difference(e.getOofF2(), e.getEqualWeightF2()));
    }

    private EnsembleView.MemberWeight member(long experimentId, Double weight) {
        ExperimentView experiment = experiments.get(experimentId);
        return new EnsembleView.MemberWeight(experimentId, experiment.name(), weight, experiment.oofF2(),
                experiment.foldsDone(), experiment.datasetFolds());
    }

    /** a - b, null while either is. */
    private static Double difference(Double a, Double b) {
        return a == null || b == null ? null : a - b;
    }
}
