package dev.foldhub.ensemble;

import dev.foldhub.dataset.DatasetInfo;
import dev.foldhub.dataset.DatasetService;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.experiment.ExperimentView;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.web.ResourceName;
import dev.foldhub.errors.NotFoundException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Ensembles: queue a blend search over experiments' OOF predictions, show its result. */
@Service
public class EnsembleService {

    /** The source (and method) of the one-member ensemble behind an experiment's submission. */
    static final String SOURCE_EXPERIMENT = "experiment";

    private final EnsembleRepository ensembles;
    private final EnsembleViews views;
    private final ExperimentService experiments;
    private final DatasetService datasets;
    private final EnsembleFolds folds;
    private final BlendProblemLoader loader;
    private final JobQueue queue;
    private final Clock clock;

    public EnsembleService(EnsembleRepository ensembles, EnsembleViews views, ExperimentService experiments,
                           DatasetService datasets, EnsembleFolds folds, BlendProblemLoader loader, JobQueue queue,
                           Clock clock) {
        this.ensembles = ensembles;
        this.views = views;
        this.experiments = experiments;
        this.datasets = datasets;
        this.folds = folds;
        this.loader = loader;
        this.queue = queue;
        this.clock = clock;
    }

    /**
     * Validates the members (same data set and fold assignment, at least one fold whose OOF every member has
     * stored), fixes the common folds as the blend's rows and queues the search.
     */
    @Transactional
    public EnsembleView create(String name, String datasetRef, List<Object> experimentIds, String method) {
        return create(name, datasetRef, experimentIds, method, null);
    }

    /** As above; postprocess (parsed JSON, null: search one) is a rule to score instead, checked against the data set's groups. */
    @Transactional
    public EnsembleView create(String name, String datasetRef, List<Object> experimentIds, String method,
                               Object postprocess) {
        checkName(name);
        BlendMethod blendMethod = BlendMethod.parse(method);
        DatasetInfo dataset = resolveDataset(datasetRef);
        PostprocessSpec spec = postprocess == null ? null : PostprocessSpec.parse(postprocess, "postprocess");
        if (spec != null) {
            spec.toRule(datasets.table(dataset.id()).labelGroups(), 0.0, "postprocess");
        }
        List<ExperimentView> members = members(dataset, experimentIds);
        Ensemble ensemble = new Ensemble(name, dataset.id(), members.get(0).foldAssignmentId(), blendMethod.id(),
                "search", clock.instant());
        ensemble.setPostprocessRequest(PostprocessJson.write(spec));
        members.forEach(m -> ensemble.addMember(m.id(), null));
        ensemble.useFolds(folds.common(members));
        Ensemble saved = ensembles.save(ensemble);
        queue.enqueue(JobKind.BLEND, saved.getId(), null, 10);
        return views.of(saved);
    }

    @Transactional(readOnly = true)
    public EnsembleView get(long id) {
        return views.of(find(id));
    }

    @Transactional(readOnly = true)
    public List<EnsembleView> list() {
        return views.ofAll(ensembles.findAllByOrderByIdDesc());
    }

    /** The ensemble's members, weights and tuned thresholds, for a submission; 404 when it does not exist. */
    @Transactional(readOnly = true)
    public EnsembleBlend blend(long id) {
        Ensemble e = find(id);
        List<EnsembleBlend.Member> members = e.getMembers().stream()
                .map(m -> new EnsembleBlend.Member(m.getExperimentId(), m.getWeight())).toList();
        EnsembleFolds.Used used = folds.of(e);
        Long experiment = SOURCE_EXPERIMENT.equals(e.getSource()) ? members.get(0).experimentId() : null;
        PostprocessView postprocess = PostprocessJson.view(e.getPostprocess());
        return new EnsembleBlend(e.getId(), e.getName(), e.getDatasetId(), e.getFoldAssignmentId(), members,
                e.getTunedThreshold(), e.getCultureThreshold(), e.getTagThreshold(), e.getOofF2(), e.getNestedCvF2(),
                used.folds(), used.partial(), experiment, postprocess == null ? null : postprocess.rule(),
                e.getTunedF2(), e.getGroupTunedF2(), postprocess == null ? null : postprocess.rules());
    }

    /**
     * A new one-member ensemble (weight 1) of an experiment's finished folds (those with stored OOF) for a
     * submission of that experiment alone; its OOF F2 is the experiment's on those folds, as stored now (a snapshot
     * per submission, like a blend's, so the ledger keeps what each submission was made from). 404 for an unknown
     * experiment, 422 naming experiment when no fold is finished.
     */
    @Transactional
    public EnsembleBlend ofExperiment(long experimentId) {
        ExperimentView experiment = experiments.get(experimentId);
        List<Integer> finished = folds.stored(experimentId);
        if (finished.isEmpty()) {
            throw InvalidInputException.unprocessable("experiment", "experiment " + experimentId
                    + " has no finished fold (no stored OOF predictions) yet");
        }
        // the name is for people (the folds column is the record): cut to the column's 200 characters
        String name = experiment.name() + "_folds_" + EnsembleFolds.format(finished).replace(',', '_');
        Ensemble e = new Ensemble(name.substring(0, Math.min(name.length(), 200)), experiment.datasetId(),
                experiment.foldAssignmentId(), SOURCE_EXPERIMENT, SOURCE_EXPERIMENT, clock.instant());
        e.addMember(experimentId, 1.0);
        e.useFolds(folds.used(experiment.foldAssignmentId(), finished));
        BlendProblem problem = loader.load(experiment.datasetId(), experiment.foldAssignmentId(), List.of(experimentId),
                finished);
        e.setOofF2(problem.evaluator().f2(new double[] {1.0}, 0.0));
        return blend(ensembles.save(e).getId());
    }

    /** The data set an experiment was trained on (400 naming experiments when it does not exist). */
    long experimentDataset(long experimentId) {
        try {
            return experiments.get(experimentId).datasetId();
        } catch (NotFoundException e) {
            throw new InvalidInputException("experiments", "experiment " + experimentId + " does not exist");
        }
    }

    Ensemble find(long id) {
        return ensembles.findById(id).orElseThrow(() -> new NotFoundException("ensemble", id));
    }

    static void checkName(String name) {
        ResourceName.check(name);
    }

    DatasetInfo resolveDataset(String datasetRef) {
        return datasets.resolveRequested(datasetRef);
    }

    /** The folds every member has stored OOF for (see EnsembleFolds); 422 naming experiments when none. */
    EnsembleFolds.Used commonFolds(List<ExperimentView> members) {
        return folds.common(members);
    }

    /** The member experiments, checked: they exist and share the data set's fold assignment. */
    List<ExperimentView> members(DatasetInfo dataset, List<Object> experimentIds) {
        if (experimentIds == null || experimentIds.isEmpty()) {
            throw new InvalidInputException("experiments", "must list at least one experiment id");
        }
        Set<Long> ids = new LinkedHashSet<>();
        for (Object raw : experimentIds) {
            try {
                if (!ids.add(Long.parseLong(String.valueOf(raw).trim()))) {
                    throw new InvalidInputException("experiments", "experiment " + raw + " is listed twice");
                }
            } catch (NumberFormatException e) {
                throw new InvalidInputException("experiments", "'" + raw + "' is not an experiment id");
            }
        }
        List<ExperimentView> members = new ArrayList<>();
        for (long id : ids) {
            ExperimentView experiment;
            try {
                experiment = experiments.get(id);
            } catch (NotFoundException e) {
                throw new InvalidInputException("experiments", "experiment " + id + " does not exist");
            }
            if (experiment.datasetId() != dataset.id()) {
                throw new InvalidInputException("experiments", "experiment " + id + " was trained on data set "
                        + experiment.datasetId() + ", not " + dataset.id());
            }
            if (!members.isEmpty() && experiment.foldAssignmentId() != members.get(0).foldAssignmentId()) {
                throw InvalidInputException.unprocessable("experiments", "experiment " + id
                        + " used fold assignment " + experiment.foldAssignmentId() + " but experiment "
                        + members.get(0).id() + " used " + members.get(0).foldAssignmentId()
                        + ": a blend is only meaningful across the same folds");
            }
            members.add(experiment);
        }
        return members;
    }
}
