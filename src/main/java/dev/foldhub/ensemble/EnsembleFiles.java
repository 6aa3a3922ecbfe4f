package dev.foldhub.ensemble;

import dev.foldhub.dataset.DatasetInfo;
import dev.foldhub.dataset.LabelGroups;
import dev.foldhub.scoring.BlendedRows;
import dev.foldhub.scoring.PostprocessRule;
import dev.foldhub.scoring.PostprocessScore;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.experiment.ExperimentView;
import dev.foldhub.prediction.Level1FileName;
import dev.foldhub.prediction.OofStore;
import dev.foldhub.prediction.OofSummary;
import dev.foldhub.errors.ConflictException;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.web.RequestLimits;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The reference's ensemble YAML: export an ensemble's weights, import a file as an ensemble. */
@Service
public class EnsembleFiles {

    static final String IMPORTED = "imported";

    /** A downloadable file. */
    public record File(String name, String content) {
    }

    private final EnsembleService ensembles;
    private final EnsembleRepository repository;
    private final EnsembleViews views;
    private final ExperimentService experiments;
    private final OofStore oofStore;
    private final BlendProblemLoader loader;
    private final EnsembleFolds folds;
    private final Clock clock;
    private final RequestLimits limits;
    private final PostprocessStep postprocess;

    public EnsembleFiles(EnsembleService ensembles, EnsembleRepository repository, EnsembleViews views,
                         ExperimentService experiments, OofStore oofStore, BlendProblemLoader loader,
                         EnsembleFolds folds, Clock clock, RequestLimits limits, PostprocessStep postprocess) {
        this.postprocess = postprocess;
        this.ensembles = ensembles;
        this.repository = repository;
        this.views = views;
        this.experiments = experiments;
        this.oofStore = oofStore;
        this.loader = loader;
        this.folds = folds;
        this.clock = clock;
        this.limits = limits;
    }

    /** The ensemble's weights; each entry lists the member's files of the folds the blend used (only those). */
    @Transactional(readOnly = true)
    public File export(long id) {
        Ensemble e = ensembles.find(id);
        if (e.getOofF2() == null || e.getMembers().stream().anyMatch(m -> m.getWeight() == null)) {
            throw new ConflictException("ensemble " + id + " has no weights yet: its blend search has not finished");
        }
        List<Integer> used = folds.of(e).folds();
        List<EnsembleYaml.Entry> entries = new ArrayList<>();
        for (EnsembleMember member : e.getMembers()) {
            String name = experiments.name(member.getExperimentId());
            List<String> files = oofStore.summaries(member.getExperimentId()).stream().filter(s -> used.contains(s.fold()))
                    .map(s -> Level1FileName.ofTrain(name, s.fold(), s.epoch(), s.f2()).fileName()).toList();
            entries.add(new EnsembleYaml.Entry(files, member.getWeight()));
        }
        return new File(EnsembleYaml.fileName(e.getName(), e.getOofF2()), EnsembleYaml.write(entries));
    }

    /**
     * Reads a reference ensemble file for a data set: each entry's files name an experiment (by the model
     * part of level1_train_&lt;model&gt;_f..) whose stored folds must match the file names' epochs.
     * The blend uses the folds every entry names (a partial file blends those only); its OOF F2 is computed at once.
     */
    @Transactional
    public EnsembleView importFile(String name, String datasetRef, String yaml) {
        EnsembleService.checkName(name);
        DatasetInfo dataset = ensembles.resolveDataset(datasetRef);
        limits.yamlSize("ensemble.yml", yaml);
        List<EnsembleYaml.Entry> entries = EnsembleYaml.read(yaml, limits.yaml());
        List<Object> ids = new ArrayList<>();
        TreeSet<Integer> named = null;
        for (int i = 0; i < entries.size(); i++) {
            ids.add(experimentOf(entries.get(i), i, dataset));
            Set<Integer> entryFolds = entries.get(i).predicts().stream()
                    .map(f -> Level1FileName.parse(f.substring(f.lastIndexOf('/') + 1)).orElseThrow().fold())
                    .collect(Collectors.toSet());
            if (named == null) {
                named = new TreeSet<>(entryFolds);
            } else {
                named.retainAll(entryFolds);
            }
        }
        if (named.isEmpty()) {
            throw InvalidInputException.unprocessable("ensemble.yml",
                    "its entries name no fold in common; a blend needs at least one");
        }
        List<ExperimentView> members = ensembles.members(dataset, ids);
        Ensemble ensemble = new Ensemble(name, dataset.id(), members.get(0).foldAssignmentId(), "imported", "imported",
                clock.instant());
        for (int i = 0; i < entries.size(); i++) {
            ensemble.addMember(members.get(i).id(), entries.get(i).weight());
        }
        List<Integer> common = List.copyOf(named);
        ensemble.useFolds(folds.used(members.get(0).foldAssignmentId(), common));
        BlendProblem problem = loader.load(dataset.id(), members.get(0).foldAssignmentId(),
                members.stream().map(ExperimentView::id).toList(), common);
        double[] weights = entries.stream().mapToDouble(EnsembleYaml.Entry::weight).toArray();
        ensemble.setOofF2(problem.evaluator().f2(weights, 0.0));
        return views.of(repository.save(ensemble));
    }

    /** postprocess.yml: the ensemble's chosen post-processing rule; 409 while it has none. */
    @Transactional(readOnly = true)
    public File exportPostprocess(long id) {
        Ensemble e = ensembles.find(id);
        PostprocessView view = PostprocessJson.view(e.getPostprocess());
        if (view == null) {
            throw new ConflictException("ensemble " + id + " has no post-processing rule yet: its blend search has not"
                    + " finished (or import one)");
        }
        return new File(e.getName() + "_postprocess.yml", "# post-processing of ensemble '" + e.getName() + "' (rule '"
                + view.chosen() + "'); thresholds in units of sum_m w_m (p - fold threshold)\n" + view.rule().toYaml());
    }

    /**
     * Sets the ensemble's post-processing rule from a postprocess.yml: scored at once on the OOF at the ensemble's
     * weights (reported as rule "imported" beside any searched ones) and applied by submissions from then on.
     */
    @Transactional
    public EnsembleView importPostprocess(long id, String yaml) {
        Ensemble e = ensembles.find(id);
        if (e.getMembers().stream().anyMatch(m -> m.getWeight() == null)) {
            throw new ConflictException("ensemble " + id + " has no weights yet: its blend search has not finished");
        }
        limits.yamlSize("postprocess.yml", yaml);
        PostprocessSpec spec = PostprocessSpec.parse(PostprocessYaml.load(yaml, limits.yaml()), "postprocess");
        LabelGroups groups = postprocess.labelGroups(e.getDatasetId());
        List<Long> ids = e.getMembers().stream().map(EnsembleMember::getExperimentId).toList();
        double[] weights = e.getMembers().stream().mapToDouble(EnsembleMember::getWeight).toArray();
        double total = java.util.Arrays.stream(weights).sum();
        double[] normalized = java.util.Arrays.stream(weights).map(w -> total > 0 ? w / total : 0).toArray();
        PostprocessRule rule = spec.toRule(groups, postprocess.offset(ids, normalized), "postprocess");
        BlendProblem problem = loader.load(e.getDatasetId(), e.getFoldAssignmentId(), ids, folds.of(e).folds());
        BlendedRows rows = problem.evaluator().blendedRows(normalized);
        PostprocessScore score = rows.score(rule);
        double reference = rows.score(PostprocessRule.threshold(groups.size(), 0)).f2();
        PostprocessView old = PostprocessJson.view(e.getPostprocess());
        List<PostprocessView.RuleView> rules = new ArrayList<>();
        if (old != null) {
            old.rules().stream().filter(r -> !r.name().equals(IMPORTED)).forEach(rules::add);
        }
        PostprocessSpec resolved = PostprocessSpec.of(rule, groups);
        rules.add(new PostprocessView.RuleView(IMPORTED, resolved, score.f2(), null, score.f2() - reference, null,
                score.exact(), score.inexactRows()));
        e.setPostprocess(PostprocessJson.write(new PostprocessView(IMPORTED, resolved, List.copyOf(rules), null)));
        return views.of(repository.save(e));
    }

    private long experimentOf(EnsembleYaml.Entry entry, int index, DatasetInfo dataset) {
        String field = "ensemble.yml[" + index + "].predicts";
        List<Level1FileName> files = new ArrayList<>();
        for (String file : entry.predicts()) {
            String base = file.substring(file.lastIndexOf('/') + 1);
            files.add(Level1FileName.parse(base).filter(Level1FileName::train).orElseThrow(() -> new InvalidInputException(field,
                    "'" + file + "' is not a level1_train_<model>_f<fold>_e<epoch>_<score>.npy name")));
        }
        String model = files.get(0).model();
        if (files.stream().anyMatch(f -> !f.model().equals(model))) {
            throw new InvalidInputException(field, "names files of more than one model");
        }
        ExperimentView experiment = experiments.list().stream()
                .filter(x -> x.name().equals(model) && x.datasetId() == dataset.id())
                .max(Comparator.comparingLong(ExperimentView::id))
                .orElseThrow(() -> InvalidInputException.unprocessable(field,
                        "no experiment named '" + model + "' on data set '" + dataset.name() + "'"));
        List<OofSummary> stored = oofStore.summaries(experiment.id());
        for (Level1FileName f : files) {
            boolean match = stored.stream().anyMatch(s -> s.fold() == f.fold() && s.epoch() == f.epoch());
            if (!match) {
                throw InvalidInputException.unprocessable(field, "experiment " + experiment.id()
                        + " '" + model + "' has no stored OOF for fold " + f.fold() + " epoch " + f.epoch());
            }
        }
        return experiment.id();
    }
}
