package dev.foldhub.submission;

import dev.foldhub.ensemble.PostprocessJson;
import dev.foldhub.ensemble.EnsembleBlend;
import dev.foldhub.ensemble.PostprocessSpec;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobQueue;
import dev.foldhub.queue.JobState;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** Assembles a submission's view; its status is derived from its jobs, so it can never disagree with them. */
@Component
class SubmissionViews {

    private final JobQueue queue;
    private final SubmissionStore store;

    SubmissionViews(JobQueue queue, SubmissionStore store) {
        this.queue = queue;
        this.store = store;
    }

    SubmissionView of(SubmissionRow row, List<SubmissionInput> inputs, EnsembleBlend ensemble) {
        SubmissionRow s = row;
        List<SubmissionView.JobView> jobs = new ArrayList<>();
        String status = null;
        String error = null;
        boolean running = false;
        for (SubmissionInput in : inputs) {
            if (in.jobId() == null) {
                continue;
            }
            Job job = queue.get(in.jobId());
            jobs.add(new SubmissionView.JobView(job.id(), job.kind().name(), in.experimentId(), in.fold(), in.numTtas(),
                    job.state().name(), job.error()));
            running |= job.state() == JobState.RUNNING;
            // the first cancelled or failed prediction decides; a cancel outranks a failure
            if ((job.state() == JobState.CANCELLED && !"CANCELLED".equals(status))
                    || (job.state() == JobState.FAILED && status == null)) {
                status = job.state().name();
                error = "test prediction job " + job.id() + " (experiment " + in.experimentId() + " fold " + in.fold()
                        + ") " + job.state().name().toLowerCase() + ": " + job.error();
            }
        }
        if (s.blendJobId() != null) {
            Job blend = queue.get(s.blendJobId());
            jobs.add(new SubmissionView.JobView(blend.id(), blend.kind().name(), null, null, null, blend.state().name(),
                    blend.error()));
            status = blend.state().name();
            error = blend.error();
            if (blend.state() == JobState.SUCCEEDED && !s.hasCsv()) {
                // why: the row was read before the job; the job stores the CSV before it succeeds, so read the row again
                s = store.find(s.id()).orElse(s);
            }
            if (blend.state() == JobState.SUCCEEDED && !s.hasCsv()) {
                status = JobState.FAILED.name();
                error = "the blend job finished without storing the CSV; retry job " + blend.id();
            }
        } else if (status == null) {
            status = running ? JobState.RUNNING.name() : JobState.QUEUED.name();
        }
        PostprocessSpec rule = PostprocessJson.spec(s.postprocess());
        EnsembleBlend.SubmittedF2 submitted = ensemble.submittedF2(s.thresholds(), rule);
        List<SubmissionView.Weight> weights = ensemble.members().stream()
                .map(m -> new SubmissionView.Weight(m.experimentId(), m.weight())).toList();
        return new SubmissionView(s.id(), status, s.ensembleId(), ensemble.name(), s.numTtas(), s.combine(),
                s.thresholds(), jobs, error, s.rows(), ensemble.oofF2(), ensemble.nestedCvF2(), s.publicScore(),
                s.privateScore(), s.createdAt(), ensemble.experimentId(), ensemble.folds(), ensemble.partial(),
                rule, submitted.f2(), submitted.source(), weights);
    }
}
