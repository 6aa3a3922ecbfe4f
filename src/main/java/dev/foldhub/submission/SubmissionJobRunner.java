package dev.foldhub.submission;

import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.queue.JobRunner;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Runs a SUBMISSION job: blends the stored test predictions of the submission's inputs and stores the CSV. */
@Component
class SubmissionJobRunner implements JobRunner {

    private static final Logger log = LoggerFactory.getLogger(SubmissionJobRunner.class);

    private final SubmissionStore store;
    private final SubmissionBlender blender;

    SubmissionJobRunner(SubmissionStore store, SubmissionBlender blender) {
        this.store = store;
        this.blender = blender;
    }

    @Override
    public JobKind kind() {
        return JobKind.SUBMISSION;
    }

    @Override
    public void run(Job job, String device, BooleanSupplier stop) {
        SubmissionRow s = store.find(job.subjectId())
                .orElseThrow(() -> new IllegalStateException("submission " + job.subjectId() + " does not exist"));
        SubmissionBlender.Blended b = blender.blend(s, stop);
        store.saveCsv(s.id(), SubmissionCsv.write(b.testIds(), b.predicted(), b.table().attributeIds()),
                b.testIds().size());
        log.info("job {}: submission {} of ensemble '{}' written: {} rows, {} labels predicted", job.id(), s.id(),
                b.ensemble().name(), b.testIds().size(), Arrays.stream(b.predicted()).mapToInt(p -> p.length).sum());
    }
}
