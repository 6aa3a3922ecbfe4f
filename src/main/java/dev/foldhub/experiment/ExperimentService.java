package dev.foldhub.experiment;

import dev.foldhub.dataset.DatasetInfo;
import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.FoldAssignment;
import dev.foldhub.errors.ConflictException;
import dev.foldhub.queue.DeviceKind;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobState;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobRequirement;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.training.InvalidConfigException;
import dev.foldhub.training.Level2Ref;
import dev.foldhub.training.Level2Refs;
import dev.foldhub.training.TrainingConfig;
import dev.foldhub.training.TrainingConfigParser;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.web.RequestLimits;
import dev.foldhub.web.ResourceName;
import dev.foldhub.web.SafePaths;
import dev.foldhub.errors.NotFoundException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates experiments (one queued training job per fold), lists them, trains their missing folds, cancels them. */
@Service
public class ExperimentService {

    private static final Logger log = LoggerFactory.getLogger(ExperimentService.class);

    private final ExperimentRepository experiments;
    private final ExperimentViews views;
    private final DatasetService datasets;
    private final JobQueue queue;
    private final Clock clock;
    private final RequestLimits limits;
    private final ModelProperties models;
    private final ExperimentTags tags;
    private final Level2Members level2Members;

    ExperimentService(ExperimentRepository experiments, ExperimentViews views, DatasetService datasets,
                      JobQueue queue, Clock clock, RequestLimits limits, ModelProperties models, ExperimentTags tags,
                      Level2Members level2Members) {
        this.tags = tags;
        this.level2Members = level2Members;
        this.experiments = experiments;
        this.views = views;
        this.datasets = datasets;
        this.queue = queue;
        this.clock = clock;
        this.limits = limits;
        this.models = models;
    }

    /** Validates the request and config, then stores the experiment and queues one job per fold, atomically. */
    @Transactional
    public ExperimentView create(String name, String datasetRef, Object folds, String yaml) {
        return create(name, datasetRef, folds, yaml, JobRequirement.of(JobKind.TRAIN_FOLD));
    }

    /** Stores the experiment and queues one job per chosen fold, for devices that fit {@code requirement}. */
    @Transactional
    public ExperimentView create(String name, String datasetRef, Object folds, String yaml, JobRequirement requirement) {
        return submit(name, datasetRef, folds, yaml, requirement).experiment();
    }

    /**
     * As {@link #create(String, String, Object, String, JobRequirement)}, and says which keys of the config the
     * trainer accepts but does not use (one warning each in the log).
     */
    @Transactional
    public ExperimentCreated submit(String name, String datasetRef, Object folds, String yaml, JobRequirement requirement) {
        return submit(name, datasetRef, folds, yaml, requirement, TagsAndNote.NONE);
    }

    /** As {@link #submit(String, String, Object, String, JobRequirement)}, with tags and a note. */
    @Transactional
    public ExperimentCreated submit(String name, String datasetRef, Object folds, String yaml, JobRequirement requirement,
                                    TagsAndNote annotations) {
        checkName(name);
        return store(name, resolveDataset(datasetRef), null, folds, yaml, requirement, null, annotations);
    }

    /**
     * Validates the config as a submission does and stores the experiment on {@code assignmentId} (null: the data
     * set's default fold assignment), linked to {@code parentId} (null: none), with one queued job per chosen fold.
     */
    ExperimentCreated store(String name, DatasetInfo dataset, Long assignmentId, Object folds, String yaml,
                            JobRequirement requirement, Long parentId, TagsAndNote annotations) {
        if (yaml == null || yaml.isBlank()) {
            throw new InvalidInputException("config", "is required (the experiment's YAML)");
        }
        limits.yamlSize("config", yaml);
        TrainingConfig config;
        List<String> ignoredKeys;
        try {
            config = TrainingConfigParser.parse(yaml, limits.yaml());
            if (config.weights() != null) {
                // why: before the file is opened, so a path outside the roots reads the same whether it exists or not
                SafePaths.underRoots(Path.of(config.weights()), models.roots(), "model.weights", "foldhub.models.roots");
            }
            config.checkWeightsReadable();
            ignoredKeys = TrainingConfigParser.ignoredKeys(yaml, limits.yaml());
        } catch (InvalidConfigException e) {
            throw new InvalidInputException(e.path(), e.reason());
        }
        if (config.numClasses() > 0 && config.numClasses() != dataset.numLabels()) {
            throw new InvalidInputException("model.num_classes", "is " + config.numClasses() + " but data set '"
                    + dataset.name() + "' has " + dataset.numLabels() + " labels");
        }
        FoldAssignment assignment = assignmentId == null ? datasets.defaultFolds(dataset.id())
                : datasets.folds(assignmentId);
        if (config.level2()) {
            assignment = stackerAssignment(yaml, dataset, assignmentId, assignment);
        }
        List<Integer> chosen = FoldSelection.parse(folds, assignment.numFolds());
        checkFoldsTrainable(config, assignment, chosen, dataset.name());
        Experiment unsaved = new Experiment(name, dataset.id(), assignment.id(), yaml, config.arch(), config.inputSize(),
                config.loss(), clock.instant());
        unsaved.setParentExperimentId(parentId);
        unsaved.setNote(annotations.note());
        Experiment experiment = experiments.save(unsaved);
        tags.replace(experiment.getId(), annotations.tags());
        for (int fold : chosen) {
            queue.enqueue(JobKind.TRAIN_FOLD, experiment.getId(), fold, 0, requirement);
        }
        for (String key : ignoredKeys) {
            log.warn("experiment '{}': {} is accepted but not used by the trainer", name, key);
        }
        return new ExperimentCreated(views.of(experiment), ignoredKeys);
    }

    /** Every experiment, archived or not, newest first. */
    @Transactional(readOnly = true)
    public List<ExperimentView> list() {
        return views.ofAll(experiments.findAllByOrderByIdDesc());
    }

    /** The experiments {@code filter} shows, newest first. */
    @Transactional(readOnly = true)
    public List<ExperimentView> list(ArchiveFilter filter) {
        return views.ofAll(experiments.findAllByOrderByIdDesc().stream()
                .filter(e -> filter.shows(e.getArchivedAt() != null)).toList());
    }

    /** Every experiment's id, name, data set and archive state, newest first, in one query (no folds are read). */
    @Transactional(readOnly = true)
    public List<ExperimentName> names() {
        return experiments.findAllByOrderByIdDesc().stream().map(e -> new ExperimentName(e.getId(), e.getName(),
                e.getDatasetId(), e.getArchivedAt() != null)).toList();
    }

    @Transactional(readOnly = true)
    public ExperimentView get(long id) {
        return views.of(find(id));
    }

    /**
     * The views of the given experiments, in their order, with a fixed number of queries however many (ids that
     * name no experiment are left out).
     */
    @Transactional(readOnly = true)
    public List<ExperimentView> getAll(List<Long> ids) {
        java.util.Map<Long, ExperimentView> byId = new java.util.HashMap<>();
        views.ofPage(experiments.findAllById(ids)).forEach(v -> byId.put(v.id(), v));
        return ids.stream().distinct().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    @Transactional(readOnly = true)
    public List<EpochView> epochs(long id, int fold) {
        find(id);
        return views.epochs(id, fold);
    }

    /** Every validated epoch of the experiment by fold (one query), folds and epochs ascending; 404 when unknown. */
    @Transactional(readOnly = true)
    public Map<Integer, List<EpochView>> epochsByFold(long id) {
        find(id);
        return views.epochsByFold(id);
    }

    /** Cancels every unfinished fold job of the experiment (queued ones at once, running ones at their next check). */
    @Transactional
    public ExperimentView cancel(long id) {
        Experiment experiment = find(id);
        for (Job job : queue.forSubject(JobKind.TRAIN_FOLD, id)) {
            if (!job.state().isFinished()) {
                queue.cancel(job.id());
            }
        }
        return views.of(experiment);
    }

    /**
     * Queues one training job for each of {@code folds} (a list of fold numbers, required) that the experiment does not
     * have yet, with its stored config and the device requirement of its first fold job: so a CV begun on some folds
     * can be finished. 400 naming "folds" for a fold outside 0..k-1, 409 naming "folds" for a fold that already has a
     * job (a FAILED or CANCELLED one is retried instead), 409 for an imported or external experiment; then nothing is
     * queued.
     */
    @Transactional
    public FoldsQueued trainFolds(long id, Object folds) {
        Experiment experiment = experiments.findWithLockById(id) // why: two requests for the same fold queue it once
                .orElseThrow(() -> new NotFoundException("experiment", id));
        if (!experiment.trainsOnQueue()) {
            throw new ConflictException("experiment " + id + " is " + (experiment.isImported() ? "imported" : "external")
                    + ": its folds were trained elsewhere and it has no config Foldhub can train");
        }
        if (folds == null || (folds instanceof String s && s.isBlank())) {
            throw new InvalidInputException("folds", "is required: the fold numbers to train, e.g. [2, 3, 4]");
        }
        FoldAssignment assignment = datasets.folds(experiment.getFoldAssignmentId());
        List<Integer> chosen = FoldSelection.parse(folds, assignment.numFolds());
        List<Job> jobs = queue.forSubject(JobKind.TRAIN_FOLD, id);
        Map<Integer, Job> latest = new TreeMap<>();
        jobs.forEach(job -> latest.merge(job.fold(), job, (a, b) -> a.id() > b.id() ? a : b));
        for (int fold : chosen) {
            Job job = latest.get(fold);
            if (job != null) {
                boolean retryable = job.state() == JobState.FAILED || job.state() == JobState.CANCELLED;
                throw InvalidInputException.duplicate("folds", "fold " + fold + " already has job " + job.id() + " ("
                        + job.state() + ")" + (retryable ? "; retry it with POST /api/jobs/" + job.id() + "/retry" : ""));
            }
        }
        TrainingConfig config = TrainingConfigParser.parse(experiment.getConfig());
        checkFoldsTrainable(config, assignment, chosen, datasets.get(experiment.getDatasetId()).name());
        JobRequirement requirement = requirementOf(jobs);
        List<Long> jobIds = new ArrayList<>();
        for (int fold : chosen) {
            jobIds.add(queue.enqueue(JobKind.TRAIN_FOLD, id, fold, 0, requirement));
        }
        return new FoldsQueued(views.of(experiment), chosen, jobIds);
    }

    /**
     * A stacker trains on its members' fold assignment (the data set's default unless {@code assignmentId} names
     * one): 422 naming data.inputs when a member cannot be stacked on it.
     */
    private FoldAssignment stackerAssignment(String yaml, DatasetInfo dataset, Long assignmentId,
                                             FoldAssignment requested) {
        List<Level2Ref> refs = Level2Refs.of(yaml, limits.yaml());
        FoldAssignment assignment = requested;
        if (assignmentId == null) { // why: members imported or trained on another assignment of the data set
            Experiment first = level2Members.resolveOne(refs.get(0));
            if (first.getDatasetId() == dataset.id()) {
                assignment = datasets.folds(first.getFoldAssignmentId());
            }
        }
        level2Members.resolve(refs, dataset.id(), assignment);
        return assignment;
    }

    /** Where the experiment's first fold job may run (the choice made when it was created), or the default. */
    static JobRequirement requirementOf(List<Job> jobs) {
        DeviceKind kind = jobs.isEmpty() ? null : DeviceKind.parse(jobs.get(0).deviceKind());
        return kind == null ? JobRequirement.of(JobKind.TRAIN_FOLD) : new JobRequirement(kind, jobs.get(0).minMemoryMb());
    }

    /** Each chosen fold's training set fits the config (gradient accumulation takes a step): 400 naming the key. */
    private static void checkFoldsTrainable(TrainingConfig config, FoldAssignment assignment, List<Integer> chosen,
                                            String datasetName) {
        for (int fold : chosen) {
            try {
                config.checkAccumulation(assignment.split(fold).train().length);
            } catch (InvalidConfigException e) {
                throw new InvalidInputException(e.path(), e.reason() + " (fold " + fold + " of data set '"
                        + datasetName + "')");
            }
        }
    }

    /** The training task of one fold, for a worker that leased its job. */
    @Transactional(readOnly = true)
    public FoldTask foldTask(long experimentId, int fold) {
        Experiment experiment = find(experimentId);
        return new FoldTask(experimentId, experiment.getName(), fold, TrainingConfigParser.parse(experiment.getConfig()),
                experiment.getDatasetId(), experiment.getFoldAssignmentId(), experiment.getConfig());
    }

    /** An experiment's name, without assembling its whole view. */
    @Transactional(readOnly = true)
    public String name(long id) {
        return find(id).getName();
    }

    /** An experiment's name: 400 naming "name" unless 1-200 safe characters. */
    static String checkName(String name) {
        return ResourceName.check(name);
    }

    /** The data set an experiment is for: 400 naming "dataset" when missing or unknown. */
    DatasetInfo resolveDataset(String datasetRef) {
        return datasets.resolveRequested(datasetRef);
    }

    Experiment find(long id) {
        return experiments.findById(id).orElseThrow(() -> new NotFoundException("experiment", id));
    }
}
