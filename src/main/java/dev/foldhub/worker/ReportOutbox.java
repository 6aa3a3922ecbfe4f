package dev.foldhub.worker;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reports of one job, sent in order on their own thread so training goes on while the server is away. Each is
 * retried by {@link Retries} (bounded; not once the job is stopping). What the server says ends the queue early:
 * <ul>
 * <li>a lost lease: every later report is dropped (the job is someone else's now);</li>
 * <li>a refusal (a 4xx that is not lease loss): later reports are dropped, and the job's outcome becomes a failure
 * with the server's message, so a fold never succeeds without what it reported;</li>
 * <li>retries ran out (the server away for longer than the retry limit): later reports are dropped; the server's
 * reaper requeues the job when its heartbeat is gone.</li>
 * </ul>
 */
final class ReportOutbox {

    private static final Logger log = LoggerFactory.getLogger(ReportOutbox.class);

    /** One report; throws {@link ServerUnavailableException} to be tried again. */
    @FunctionalInterface
    interface Report {
        void send();
    }

    private final long jobId;
    private final Retries retries;
    private final Supplier<String> stopping;
    private final ExecutorService thread;
    private volatile boolean leaseLost;
    private volatile String refusal;
    private volatile String undeliverable;

    /** @param stopping why the job is stopping (cancel, shutdown, lease lost), or null while it runs */
    ReportOutbox(long jobId, Retries retries, Supplier<String> stopping) {
        this.jobId = jobId;
        this.retries = retries;
        this.stopping = stopping;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "foldhub-reports-" + jobId);
            t.setDaemon(true);
            return t;
        });
    }

    /** A report on the way (an epoch, an upload): dropped once an earlier one was refused or could not be delivered. */
    void submit(String what, Report report) {
        thread.execute(() -> {
            if (ended(what) == null && refusal == null) {
                deliver(what, report);
            } else if (refusal != null) {
                log.warn("job {}: {} not sent, an earlier report was refused", jobId, what);
            }
        });
    }

    /**
     * The job's outcome (completion, failure, cancellation, release). When an earlier report was refused, or this one
     * is, {@code instead} (when not null) is sent in its place with the server's message: the job fails with it.
     */
    void submitOutcome(String what, Report outcome, Function<String, Report> instead) {
        thread.execute(() -> {
            if (ended(what) != null) {
                return;
            }
            String why = refusal;
            if (why == null || instead == null) {
                why = deliver(what, outcome);
            }
            if (why != null && instead != null && !leaseLost && undeliverable == null) {
                log.warn("job {}: reporting it failed instead of its {}: {}", jobId, what, why);
                deliver("failure", instead.apply(why));
            }
        });
    }

    /** Why no more reports go out (lease lost, undeliverable), logged for {@code what}; null while they do. */
    private String ended(String what) {
        String why = leaseLost ? "the lease is lost" : undeliverable;
        if (why != null) {
            log.warn("job {}: {} not sent: {}", jobId, what, why);
        }
        return why;
    }

    /** Sends one report with retries; returns the refusal's message when the server refused it, else null. */
    private String deliver(String what, Report report) {
        try {
            retries.call("job " + jobId + ": " + what, () -> {
                report.send();
                return null;
            }, stopping);
            return null;
        } catch (LeaseLostException e) {
            leaseLost = true;
            log.warn("job {}: {} refused, the lease is lost: {}", jobId, what, e.getMessage());
        } catch (CallAbandonedException e) {
            log.warn("job {}: {} dropped: {}", jobId, what, e.getMessage());
        } catch (ServerUnavailableException e) {
            undeliverable = e.getMessage();
            log.error("job {}: {} not delivered, no more reports are sent: {}", jobId, what, e.getMessage());
        } catch (RequestRejectedException e) {
            String message = "the server refused " + what + ": " + e.getMessage();
            if (refusal == null) {
                refusal = message;
            }
            log.error("job {}: {}", jobId, message);
            return message;
        } catch (RuntimeException e) { // a local failure (a file gone): the server never saw it, the job must not succeed
            String message = what + " could not be sent: " + e;
            if (refusal == null) {
                refusal = message;
            }
            log.error("job {}: {}", jobId, message, e);
            return message;
        }
        return null;
    }

    boolean leaseLost() {
        return leaseLost;
    }

    /** The first refused report's message (the job must fail with it), or null. */
    String refusal() {
        return refusal;
    }

    /** Why reports could not be delivered (the server away past the retry limit), or null. */
    String undeliverable() {
        return undeliverable;
    }

    /** Sends what is queued and ends the thread; true when it finished within {@code wait}. */
    boolean close(Duration wait) throws InterruptedException {
        thread.shutdown();
        return thread.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    }
}
