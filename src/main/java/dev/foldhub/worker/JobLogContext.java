package dev.foldhub.worker;

import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.queue.Job;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * The MDC keys of every log line written while a job runs: {@code job} (its id), {@code jobKind}, {@code fold},
 * and what it works on: {@code experiment} and {@code experimentName} for a TRAIN_FOLD job, {@code ensemble},
 * {@code submission} or {@code submissionInput} for the others (a TEST_PREDICT runner adds its experiment).
 * They show in the console pattern and as fields of structured (JSON) logs.
 */
@Component
class JobLogContext {

    static final List<String> KEYS = List.of("job", "jobKind", "experiment", "experimentName", "fold", "ensemble",
            "submission", "submissionInput");

    private final ExperimentService experiments;

    JobLogContext(ExperimentService experiments) {
        this.experiments = experiments;
    }

    /** Puts the job's keys on this thread's MDC and returns them, for other threads working for the job. */
    Map<String, String> open(Job job) {
        MDC.put("job", String.valueOf(job.id()));
        MDC.put("jobKind", job.kind().name());
        if (job.fold() != null) {
            MDC.put("fold", String.valueOf(job.fold()));
        }
        String subject = String.valueOf(job.subjectId());
        switch (job.kind()) {
            case TRAIN_FOLD -> {
                MDC.put("experiment", subject);
                MDC.put("experimentName", nameOf(job.subjectId()));
            }
            case BLEND -> MDC.put("ensemble", subject);
            case SUBMISSION -> MDC.put("submission", subject);
            case TEST_PREDICT -> MDC.put("submissionInput", subject);
        }
        return MDC.getCopyOfContextMap();
    }

    void close() {
        KEYS.forEach(MDC::remove);
    }

    private String nameOf(long experimentId) {
        try {
            return experiments.name(experimentId);
        } catch (RuntimeException e) {
            return "?"; // the runner reports a missing experiment as the job's failure
        }
    }
}
