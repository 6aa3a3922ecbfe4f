package dev.foldhub.experiment;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.errors.ConflictException;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.web.RequestLimits;
import dev.foldhub.yaml.YamlMerge;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Clones an experiment: its config with overrides merged in, on its data set and fold assignment, linked to it. */
@Service
class ExperimentClones {

    private final ExperimentService experiments;
    private final DatasetService datasets;
    private final JobQueue queue;
    private final RequestLimits limits;

    ExperimentClones(ExperimentService experiments, DatasetService datasets, JobQueue queue, RequestLimits limits) {
        this.experiments = experiments;
        this.datasets = datasets;
        this.queue = queue;
        this.limits = limits;
    }

    /**
     * A new experiment from the parent's stored config with {@code overrides} (a YAML mapping; mappings merge deeply,
     * a scalar or list replaces) merged in and validated as a new experiment's config (400 naming the config key),
     * on the parent's data set and fold assignment, trained on {@code folds} (null: the parent's folds) where the
     * parent's jobs may run, with the given tags and note (the parent's are not copied). Named {@code name} (null: the parent's name + "-clone"). 404 for an unknown parent,
     * 409 for an imported or external one (no config Foldhub trains).
     */
    @Transactional
    ExperimentCreated cloneOf(long parentId, String name, String overrides, Object folds, TagsAndNote annotations) {
        Experiment parent = experiments.find(parentId);
        if (!parent.trainsOnQueue()) {
            throw new ConflictException("experiment " + parentId + " is " + (parent.isImported() ? "imported" : "external")
                    + ": it has no config Foldhub trains, so there is nothing to clone");
        }
        String cloneName = ExperimentService.checkName(name == null ? parent.getName() + "-clone" : name);
        limits.yamlSize("overrides", overrides);
        String config = YamlMerge.merge(parent.getConfig(), overrides, limits.yaml(), "overrides");
        List<Job> jobs = queue.forSubject(JobKind.TRAIN_FOLD, parentId);
        boolean foldsGiven = folds != null && !(folds instanceof String s && s.isBlank());
        Object chosen = foldsGiven ? folds : jobs.stream().map(Job::fold).distinct().sorted().toList();
        return experiments.store(cloneName, datasets.get(parent.getDatasetId()), parent.getFoldAssignmentId(), chosen,
                config, ExperimentService.requirementOf(jobs), parentId, annotations);
    }
}
