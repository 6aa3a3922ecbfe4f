package dev.foldhub.worker;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reports of one job, sent in order on their own thread so training goes on while the server is away. Each is
 * retried with exponential backoff until it gets through; once the server says the lease is lost, the rest are dropped.
 */
final class ReportOutbox {

    private static final Logger log = LoggerFactory.getLogger(ReportOutbox.class);

    /** One report; throws {@link ServerUnavailableException} to be tried again. */
    @FunctionalInterface
    interface Report {
        void send();
    }

    private final long jobId;
    private final Duration maxBackoff;
    private final ExecutorService thread;
    private volatile boolean leaseLost;

    ReportOutbox(long jobId, Duration maxBackoff) {
        this.jobId = jobId;
        this.maxBackoff = maxBackoff;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "foldhub-reports-" + jobId);
            t.setDaemon(true);
            return t;
        });
    }

    void submit(String what, Report report) {
        thread.execute(() -> {
            if (!leaseLost) {
                sendWithRetries(what, report);
            }
        });
    }

    private void sendWithRetries(String what, Report report) {
        long backoff = 500;
        for (int attempt = 1; ; attempt++) {
            try {
                report.send();
                if (attempt > 1) {
                    log.info("job {}: {} delivered after {} attempts", jobId, what, attempt);
                }
                return;
            } catch (LeaseLostException e) {
                leaseLost = true;
                log.warn("job {}: {} refused, the lease is lost: {}", jobId, what, e.getMessage());
                return;
            } catch (ServerUnavailableException e) {
                log.warn("job {}: {} not delivered ({}); retrying in {} ms", jobId, what, e.getMessage(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(backoff * 2, maxBackoff.toMillis());
            } catch (RuntimeException e) {
                log.error("job {}: {} rejected by the server; dropped", jobId, what, e);
                return;
            }
        }
    }

    boolean leaseLost() {
        return leaseLost;
    }

    /** Sends what is queued and ends the thread; true when it finished within {@code wait}. */
    boolean close(Duration wait) throws InterruptedException {
        thread.shutdown();
        return thread.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    }
}
