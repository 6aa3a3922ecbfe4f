package dev.foldhub.submission;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.ensemble.EnsembleBlend;
import dev.foldhub.ensemble.PostprocessJson;
import dev.foldhub.ensemble.PostprocessSpec;
import dev.foldhub.ensemble.EnsembleService;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.training.TtaCombine;
import dev.foldhub.errors.ConflictException;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.errors.NotFoundException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Submissions: queue the missing test predictions of an ensemble's fold models, then (once the last of them is
 * stored) a SUBMISSION job that blends them into the CSV; show, download, score on the leaderboard.
 */
@Service
public class SubmissionService {

    static final int PRIORITY = 5;
    private static final Set<String> THRESHOLDS = Set.of("fold", "tuned", "groups", "postprocess");

    private final SubmissionStore store;
    private final SubmissionPlanner planner;
    private final SubmissionViews views;
    private final EnsembleService ensembles;
    private final JobQueue queue;
    private final Clock clock;
    private final DatasetService datasets;
    private final SubmissionBlender blender;

    public SubmissionService(SubmissionStore store, SubmissionPlanner planner, SubmissionViews views,
                             EnsembleService ensembles, JobQueue queue, Clock clock, DatasetService datasets,
                             SubmissionBlender blender) {
        this.blender = blender;
        this.datasets = datasets;
        this.store = store;
        this.planner = planner;
        this.views = views;
        this.ensembles = ensembles;
        this.queue = queue;
        this.clock = clock;
    }

    /** Validates, stores the submission and its inputs, and queues its jobs, atomically. */
    @Transactional
    public SubmissionView create(long ensembleId, SubmissionRequest request) {
        SubmissionRequest r = request == null ? new SubmissionRequest(null, null, null, null) : request;
        EnsembleBlend ensemble = ensembles.blend(ensembleId);
        if (r.ttas() != null && r.ttas() < 1) {
            throw new InvalidInputException("ttas", "must be at least 1 (views per image, every second one mirrored), got "
                    + r.ttas());
        }
        String combine = r.combine() == null ? "mean" : r.combine().trim().toLowerCase(Locale.ROOT);
        if (TtaCombine.fromName(combine) == null) {
            throw new InvalidInputException("combine", "must be one of " + String.join(", ", TtaCombine.NAMES) + ", got '"
                    + r.combine() + "'");
        }
        String thresholds = r.thresholds() == null ? (r.postprocess() == null ? "fold" : "postprocess")
                : r.thresholds().trim().toLowerCase(Locale.ROOT);
        if (!THRESHOLDS.contains(thresholds)) {
            throw new InvalidInputException("thresholds", "must be fold, tuned, groups or postprocess, got '"
                    + r.thresholds() + "'");
        }
        if (r.postprocess() != null && !thresholds.equals("postprocess")) {
            throw new InvalidInputException("thresholds", "must be postprocess (or left out) when a postprocess rule is"
                    + " given, got '" + r.thresholds() + "'");
        }
        if (!ensemble.weighted()) {
            throw new ConflictException("ensemble " + ensembleId + " has no weights yet: wait for its blend search");
        }
        if ((thresholds.equals("tuned") && ensemble.tunedThreshold() == null) || (thresholds.equals("groups")
                && (ensemble.cultureThreshold() == null || ensemble.tagThreshold() == null))) {
            throw InvalidInputException.unprocessable("thresholds", "ensemble " + ensembleId
                    + " has no " + (thresholds.equals("tuned") ? "tuned threshold" : "tuned group thresholds"));
        }
        PostprocessSpec rule = thresholds.equals("postprocess") ? rule(ensemble, r.postprocess()) : null;
        List<SubmissionPlanner.Planned> plan = planner.plan(ensemble, r.ttas(), combine);
        long id = store.insert(ensembleId, r.ttas(), combine, thresholds, clock.instant());
        if (rule != null) {
            store.setPostprocess(id, PostprocessJson.write(rule));
        }
        for (SubmissionPlanner.Planned p : plan) {
            long input = store.addInput(id, p.experimentId(), p.fold(), p.numTtas(), p.combine(), !p.needsJob());
            if (p.needsJob()) {
                store.setInputJob(input, queue.enqueue(JobKind.TEST_PREDICT, input, p.fold(), PRIORITY));
            }
        }
        if (plan.stream().noneMatch(SubmissionPlanner.Planned::needsJob)) {
            store.setBlendJob(id, queue.enqueue(JobKind.SUBMISSION, id, null, PRIORITY));
        }
        return get(id);
    }

    /**
     * A submission of one experiment's finished folds (those with stored OOF): the mean over those folds of
     * (p - fold threshold), through a one-member ensemble of the experiment (weight 1) made for it.
     * 404 for an unknown experiment, 422 when it has no finished fold; the request as for an ensemble.
     */
    @Transactional
    public SubmissionView createForExperiment(long experimentId, SubmissionRequest request) {
        // why: one transaction, so a rejected request leaves no one-member ensemble behind
        return create(ensembles.ofExperiment(experimentId).id(), request);
    }

    /**
     * Marks one input's predictions stored; the caller that stores the last one queues the blend.
     * why: the row lock serializes concurrent finishers, so exactly one of them sees nothing remaining.
     */
    @Transactional
    public void predictionStored(long inputId) {
        SubmissionInput input = store.input(inputId);
        store.lock(input.submissionId());
        store.markDone(inputId);
        SubmissionRow s = row(input.submissionId());
        if (store.remaining(s.id()) == 0 && s.blendJobId() == null) {
            store.setBlendJob(s.id(), queue.enqueue(JobKind.SUBMISSION, s.id(), null, PRIORITY));
        }
    }

    @Transactional(readOnly = true)
    public SubmissionView get(long id) {
        SubmissionRow s = row(id);
        return views.of(s, store.inputs(id), ensembles.blend(s.ensembleId()));
    }

    /** The submission each TEST_PREDICT job's input belongs to (input id -> submission id; gone inputs left out). */
    @Transactional(readOnly = true)
    public Map<Long, Long> submissionsOfInputs(Collection<Long> inputIds) {
        return store.submissionsOfInputs(inputIds);
    }

    @Transactional(readOnly = true)
    public List<SubmissionView> list() {
        return store.list().stream().map(s -> views.of(s, store.inputs(s.id()), ensembles.blend(s.ensembleId()))).toList();
    }

    /** The finished CSV; 409 while the submission is not SUCCEEDED (never a partial file). */
    @Transactional(readOnly = true)
    public byte[] csv(long id) {
        SubmissionView view = get(id);
        if (!view.status().equals("SUCCEEDED")) {
            throw new ConflictException("submission " + id + " is " + view.status() + "; its CSV exists once it SUCCEEDED"
                    + (view.error() == null ? "" : " (" + view.error() + ")"));
        }
        return store.csv(id).orElseThrow(() -> new ConflictException("submission " + id + " has no CSV"));
    }

    /**
     * The labels the finished submission predicts, with the blend's probability of each, from the same stored test
     * predictions its CSV was blended from; 404 for an unknown submission, 409 while it has not SUCCEEDED.
     */
    @Transactional(readOnly = true)
    public PredictedTestLabels predictedTestLabels(long id) {
        SubmissionView view = get(id);
        if (!view.status().equals("SUCCEEDED")) {
            throw new ConflictException("submission " + id + " is " + view.status() + "; its predictions can be used"
                    + " once it SUCCEEDED" + (view.error() == null ? "" : " (" + view.error() + ")"));
        }
        SubmissionBlender.Blended b;
        try {
            b = blender.blend(row(id), () -> false);
        } catch (IllegalStateException e) {
            throw new ConflictException("submission " + id + " cannot be blended again: " + e.getMessage());
        }
        float[][] confidence;
        try {
            confidence = SubmissionBlend.confidences(b.members(), b.predicted(), b.table().attributeIds().size());
        } catch (IllegalArgumentException e) {
            throw new ConflictException("submission " + id + " has no confidences: " + e.getMessage());
        }
        return new PredictedTestLabels(id, b.ensemble().datasetId(), b.ensemble().foldAssignmentId(), b.testIds(),
                b.predicted(), confidence);
    }

    @Transactional
    public SubmissionView recordLeaderboard(long id, LeaderboardRequest scores) {
        row(id);
        if (scores == null || (scores.publicScore() == null && scores.privateScore() == null)) {
            throw new InvalidInputException("public", "give a public and/or a private score");
        }
        checkScore("public", scores.publicScore());
        checkScore("private", scores.privateScore());
        store.setScores(id, scores.publicScore(), scores.privateScore());
        return get(id);
    }

    /** Cancels the submission's unfinished jobs (queued at once, running at their next check). */
    @Transactional
    public SubmissionView cancel(long id) {
        SubmissionRow s = row(id);
        for (SubmissionView.JobView job : get(id).jobs()) {
            Job current = queue.get(job.id());
            if (!current.state().isFinished()) {
                queue.cancel(current.id());
            }
        }
        return get(s.id());
    }

    /**
     * The rule a "postprocess" submission applies, fixed at creation: the one given (checked against the data set's
     * label groups; relative.offset required), else the ensemble's chosen one (422 when it has none).
     */
    private PostprocessSpec rule(EnsembleBlend ensemble, Object given) {
        if (given == null) {
            if (ensemble.postprocess() == null) {
                throw InvalidInputException.unprocessable("thresholds", "ensemble " + ensemble.id()
                        + " has no post-processing rule yet: wait for its blend search or import a postprocess.yml");
            }
            return ensemble.postprocess();
        }
        PostprocessSpec spec = PostprocessSpec.parse(given, "postprocess");
        spec.toRule(datasets.table(ensemble.datasetId()).labelGroups(), null, "postprocess");
        return spec;
    }

    SubmissionRow row(long id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("submission", id));
    }

    private static void checkScore(String field, Double score) {
        if (score != null && !(score >= 0 && score <= 1)) {
            throw new InvalidInputException(field, "must be between 0 and 1, got " + score);
        }
    }
}
