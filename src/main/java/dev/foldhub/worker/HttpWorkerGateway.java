package dev.foldhub.worker;

import dev.foldhub.experiment.Level2MemberInputs;
import dev.foldhub.experiment.Level2Plan;
import dev.foldhub.queue.DeviceSlot;
import dev.foldhub.training.EpochStats;
import dev.foldhub.training.FoldOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote agent's gateway: /api/agent over HTTP ({@link AgentHttpClient}). Reads the task and resume checkpoint
 * ({@link ServerResumeFetcher}) with retries (the job cannot start without them); reports go through the job's
 * outbox ({@link JobReports}, {@link ResultUploads}). {@link ServerAnswer} reads the answers: the lease-lost problem
 * stops the job, any other 4xx fails it with the server's message, 5xx and connection failures are retried by
 * {@link Retries} (bounded, and not once the job is stopping).
 */
final class HttpWorkerGateway implements WorkerGateway {

    private static final Logger log = LoggerFactory.getLogger(HttpWorkerGateway.class);

    private final AgentHttpClient http;
    private final Duration maxBackoff;
    private final Retries retries;
    private final StopSignals signals = new StopSignals();
    private final JobReports reports;
    private final ResultUploads uploads;
    private final ServerResumeFetcher resumes;
    private final WorkDirs workDirs;
    private volatile boolean warnedUnavailable;

    /**
     * @param maxBackoff the longest wait between two tries of a call
     * @param retryLimit how long a job's call or report is retried while the server is away
     */
    HttpWorkerGateway(String server, String token, Path workRoot, Duration maxBackoff, Duration retryLimit) {
        this.http = new AgentHttpClient(server, token);
        this.maxBackoff = maxBackoff;
        this.retries = new Retries(maxBackoff, retryLimit);
        this.reports = new JobReports(retries, signals);
        this.uploads = new ResultUploads(http, reports);
        this.resumes = new ServerResumeFetcher(new ServerDownloads(http));
        this.workDirs = WorkDirs.perWorker(workRoot);
    }

    /** Registration waits for the server as long as it takes, until the agent stops (interrupts it). */
    @Override
    public Registered register(Registration registration) {
        Retries untilStopped = new Retries(maxBackoff, Duration.ofDays(3650));
        return untilStopped.call("registration", () -> http.send(http.post(AgentApiPaths.WORKERS, registration), 30,
                Registered.class), () -> Thread.currentThread().isInterrupted() ? "interrupted" : null);
    }

    @Override
    public Optional<LeasedJob> lease(String workerId, DeviceSlot device) {
        try {
            LeasedJob job = http.sendOrNone(http.post(AgentApiPaths.worker(workerId) + "/lease", device), 30, LeasedJob.class);
            warnedUnavailable = false;
            return Optional.ofNullable(job);
        } catch (ServerUnavailableException e) {
            if (!warnedUnavailable) {
                log.warn("cannot lease from {}: {}; trying again", http.server(), e.getMessage());
                warnedUnavailable = true;
            }
            return Optional.empty();
        }
    }

    @Override
    public HeartbeatReply heartbeat(LeasedJob job) {
        return http.send(http.post(AgentApiPaths.job(job, "heartbeat"), null), 10, HeartbeatReply.class);
    }

    @Override
    public void watch(LeasedJob job, StopSignal stop) {
        signals.watch(job, stop);
    }

    @Override
    public TrainTask trainTask(LeasedJob job) {
        return retries.call("task of job " + job.id(),
                () -> http.send(http.request(AgentApiPaths.job(job, "task")).GET(), 120, TrainTask.class),
                signals.stopping(job));
    }

    @Override
    public Level2Plan level2Plan(LeasedJob job) {
        return retries.call("level-2 plan of job " + job.id(), () -> http.send(
                http.request(AgentApiPaths.job(job, "level2/plan")).GET(), 120, Level2Plan.class),
                signals.stopping(job));
    }

    @Override
    public Level2MemberInputs level2Member(LeasedJob job, int index) {
        byte[] zip = retries.call("level-2 member " + index + " of job " + job.id(), () -> http.send(
                http.request(AgentApiPaths.job(job, "level2/members/" + index)).GET(), 600), signals.stopping(job));
        try {
            return Level2MemberZip.read(-1, new java.io.ByteArrayInputStream(zip));
        } catch (java.io.IOException e) {
            throw new RequestRejectedException("level-2 member " + index + " of job " + job.id() + ": " + e.getMessage());
        }
    }

    @Override
    public void uploadTestPredictions(LeasedJob job, double threshold, float[] probabilities, int rows, int classes) {
        reports.check(job);
        byte[] npy = dev.foldhub.prediction.Npy.writeFloat32(probabilities, rows, classes);
        reports.of(job).submit("test predictions", () -> http.send(http.put(AgentApiPaths.job(job, "test-predictions")
                + "&threshold=" + threshold, npy), 600));
    }

    @Override
    public Path workDir(LeasedJob job) {
        return workDirs.create(job);
    }

    @Override
    public boolean fetchResume(LeasedJob job, Path resumeFile) {
        String best = retries.call("checkpoint of job " + job.id(), () -> resumes.fetch(job, resumeFile),
                signals.stopping(job));
        if (best == null) {
            return false;
        }
        uploads.serverHas(job, best);
        return true;
    }

    @Override
    public void reportEpoch(LeasedJob job, EpochStats stats) {
        reports.check(job);
        reports.of(job).submit("epoch " + stats.epoch(),
                () -> http.send(http.post(AgentApiPaths.job(job, "epochs"), stats), 30));
    }

    @Override
    public void uploadResume(LeasedJob job, Path resumeFile, int epoch) {
        reports.check(job);
        uploads.resume(job, resumeFile, epoch);
    }

    @Override
    public void uploadFold(LeasedJob job, FoldOutcome outcome) {
        reports.check(job);
        uploads.fold(job, outcome);
    }

    /** Sent after every report of the job; when one of them (or the completion itself) was refused, a failure instead. */
    @Override
    public void complete(LeasedJob job) {
        reports.of(job).submitOutcome("completion", post(job, "complete"), why -> failure(job, why));
    }

    @Override
    public void fail(LeasedJob job, String error) {
        reports.of(job).submitOutcome("failure", failure(job, error), null);
    }

    @Override
    public void cancelled(LeasedJob job) {
        reports.of(job).submitOutcome("cancellation", post(job, "cancelled"), null);
    }

    /** A job whose reports were refused is not handed to the next worker (it would be refused again): it fails. */
    @Override
    public void release(LeasedJob job) {
        reports.of(job).submitOutcome("release", post(job, "release"), why -> failure(job, why));
    }

    @Override
    public void flush(LeasedJob job) {
        reports.flush(job);
    }

    @Override
    public void cleanUp(LeasedJob job) {
        uploads.forget(job);
        signals.forget(job);
        workDirs.delete(job);
    }

    private ReportOutbox.Report post(LeasedJob job, String action) {
        return () -> http.send(http.post(AgentApiPaths.job(job, action), null), 30);
    }

    private ReportOutbox.Report failure(LeasedJob job, String error) {
        return () -> http.send(http.post(AgentApiPaths.job(job, "fail"), new FailReport(error)), 30);
    }
}
