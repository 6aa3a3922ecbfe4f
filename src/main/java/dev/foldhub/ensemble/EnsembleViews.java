package dev.foldhub.ensemble;

import dev.foldhub.errors.NotFoundException;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.experiment.ExperimentView;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
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
        return ofAll(List.of(e)).get(0);
    }

    /** The views of many ensembles; their members' experiment views are read together (a fixed number of queries). */
    List<EnsembleView> ofAll(List<Ensemble> ensembles) {
        List<Long> ids = ensembles.stream().flatMap(e -> e.getMembers().stream())
                .map(EnsembleMember::getExperimentId).distinct().toList();
        Map<Long, ExperimentView> members = experiments.getAll(ids).stream()
                .collect(Collectors.toMap(ExperimentView::id, v -> v));
        return ensembles.stream().map(e -> of(e, members)).toList();
    }

    private EnsembleView of(Ensemble e, Map<Long, ExperimentView> members) {
        Optional<Job> job = queue.forSubject(JobKind.BLEND, e.getId()).stream().max(Comparator.comparingLong(Job::id));
        String status = status(e.getSource(), job.map(j -> j.state().name()).orElse(null), e.getOofF2() != null);
        List<EnsembleView.MemberWeight> weights = e.getMembers().stream()
                .map(m -> member(members, m))
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

    /**
     * The view's status: IMPORTED or EXPERIMENT by source, else the blend job's state (QUEUED before it has one), except
     * that a SUCCEEDED job whose outcome this read did not see is still RUNNING: the entity was read before the job
     * recorded its outcome and the job after it finished, and a client polling for SUCCEEDED must find the outcome.
     */
    static String status(String source, String jobState, boolean outcomeRead) {
        if ("imported".equals(source)) {
            return "IMPORTED";
        }
        if (EnsembleService.SOURCE_EXPERIMENT.equals(source)) {
            return "EXPERIMENT";
        }
        if (jobState == null) {
            return "QUEUED";
        }
        return "SUCCEEDED".equals(jobState) && !outcomeRead ? "RUNNING" : jobState;
    }

    private static EnsembleView.MemberWeight member(Map<Long, ExperimentView> members, EnsembleMember m) {
        ExperimentView experiment = members.get(m.getExperimentId());
        if (experiment == null) {
            throw new NotFoundException("experiment", m.getExperimentId()); // as the member's name lookup did
        }
        return new EnsembleView.MemberWeight(experiment.id(), experiment.name(), m.getWeight(), experiment.oofF2(),
                experiment.foldsDone(), experiment.datasetFolds());
    }

    /** a - b, null while either is. */
    private static Double difference(Double a, Double b) {
        return a == null || b == null ? null : a - b;
    }
}
