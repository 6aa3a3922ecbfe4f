package dev.foldhub.worker;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link ReportOutbox} of each running job of a remote agent: reports go out in order, retried while it runs. */
final class JobReports {

    private static final Logger log = LoggerFactory.getLogger(JobReports.class);

    private final Retries retries;
    private final StopSignals signals;
    private final Map<Long, ReportOutbox> outboxes = new ConcurrentHashMap<>();

    JobReports(Retries retries, StopSignals signals) {
        this.retries = retries;
        this.signals = signals;
    }

    ReportOutbox of(LeasedJob job) {
        return outboxes.computeIfAbsent(job.id(), id -> new ReportOutbox(id, retries, signals.stopping(job)));
    }

    /**
     * Stops the job (throws) once its reports cannot all reach the server: the lease is lost, a report was refused
     * (the job fails with the server's message), or the server stayed away past the retry limit.
     */
    void check(LeasedJob job) {
        ReportOutbox reports = outboxes.get(job.id());
        if (reports == null) {
            return;
        }
        if (reports.leaseLost()) {
            throw new LeaseLostException("job " + job.id() + ": the server says the lease is lost");
        }
        if (reports.refusal() != null) {
            throw new RequestRejectedException(reports.refusal());
        }
        if (reports.undeliverable() != null) {
            throw new ServerUnavailableException(reports.undeliverable(), null);
        }
    }

    /** Waits until every report of the job has been delivered (or dropped), and forgets its outbox. */
    void flush(LeasedJob job) {
        ReportOutbox reports = outboxes.remove(job.id());
        if (reports == null) {
            return;
        }
        try {
            // why: results must reach the server once it is back, so a job's slot waits for its reports
            while (!reports.close(Duration.ofMinutes(1))) {
                log.info("job {}: waiting for the server to take its reports", job.id());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
