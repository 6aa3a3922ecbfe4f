package dev.foldhub.dashboard;

import dev.foldhub.experiment.OofRecomputations;
import dev.foldhub.queue.Job;
import dev.foldhub.queue.JobKind;
import dev.foldhub.submission.SubmissionService;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The page each job's subject is on. The subject id means a different thing per {@link JobKind}: an experiment
 * (TRAIN_FOLD), an ensemble (BLEND), a submission (SUBMISSION), a submission's input (TEST_PREDICT) or an OOF
 * recomputation request (PREDICT_OOF); the last two are looked up, in one query per kind for all jobs shown.
 */
@Component
class JobLinks {

    private final SubmissionService submissions;
    private final OofRecomputations recomputations;

    JobLinks(SubmissionService submissions, OofRecomputations recomputations) {
        this.submissions = submissions;
        this.recomputations = recomputations;
    }

    /** Job id -> the link to its subject's page, for every job given. */
    Map<Long, JobLink> of(Collection<Job> jobs) {
        Map<Long, Long> submissionOfInput = submissions.submissionsOfInputs(subjects(jobs, JobKind.TEST_PREDICT));
        Map<Long, Long> experimentOfRequest = recomputations.experimentsOf(subjects(jobs, JobKind.PREDICT_OOF));
        Map<Long, JobLink> links = new HashMap<>();
        for (Job job : jobs) {
            long subject = job.subjectId();
            links.put(job.id(), switch (job.kind()) {
                case TRAIN_FOLD -> experiment(subject);
                case BLEND -> new JobLink("/ensembles/" + subject, "ensemble " + subject);
                case SUBMISSION -> submission(subject);
                case TEST_PREDICT -> submissionOfInput.containsKey(subject)
                        ? submission(submissionOfInput.get(subject)) : new JobLink(null, "submission input " + subject);
                case PREDICT_OOF -> experimentOfRequest.containsKey(subject)
                        ? experiment(experimentOfRequest.get(subject)) : new JobLink(null, "OOF request " + subject);
            });
        }
        return links;
    }

    private static JobLink experiment(long id) {
        return new JobLink("/experiments/" + id, "experiment " + id);
    }

    /** The submissions ledger has no page per submission: its row, by the row's id. */
    private static JobLink submission(long id) {
        return new JobLink("/submissions?submission=" + id + "#submission-" + id, "submission " + id);
    }

    private static List<Long> subjects(Collection<Job> jobs, JobKind kind) {
        return jobs.stream().filter(j -> j.kind() == kind).map(Job::subjectId).distinct().toList();
    }
}
