package dev.foldhub.worker;

import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.slf4j.MDC;

/**
 * The MDC keys of every log line written while a job runs: {@code job} (its id), {@code jobKind}, {@code fold},
 * and what it works on: {@code experiment} and {@code experimentName} for a TRAIN_FOLD job, {@code ensemble},
 * {@code submission} or {@code submissionInput} for the others (a TEST_PREDICT runner adds its experiment).
 * They show in the console pattern and as fields of structured (JSON) logs. A remote agent knows no experiment
 * names: its fold runner adds {@code experimentName} once the task has arrived.
 */
class JobLogContext {

    static final List<String> KEYS = List.of("job", "jobKind", "experiment", "experimentName", "fold", "ensemble",
            "submission", "submissionInput");

    private final LongFunction<String> experimentNames;

    /** @param experimentNames an experiment's name by id, or null when unknown here */
    JobLogContext(LongFunction<String> experimentNames) {
        this.experimentNames = experimentNames;
    }

    /** Puts the job's keys on this thread's MDC and returns them, for other threads working for the job. */
    Map<String, String> open(LeasedJob job) {
        MDC.put("job", String.valueOf(job.id()));
        MDC.put("jobKind", job.kind().name());
        if (job.fold() != null) {
            MDC.put("fold", String.valueOf(job.fold()));
        }
        String subject = String.valueOf(job.subjectId());
        switch (job.kind()) {
            case TRAIN_FOLD -> {
                MDC.put("experiment", subject);
                String name = nameOf(job.subjectId());
                if (name != null) {
                    MDC.put("experimentName", name);
                }
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
            return experimentNames.apply(experimentId);
        } catch (RuntimeException e) {
            return "?"; // the runner reports a missing experiment as the job's failure
        }
    }
}
