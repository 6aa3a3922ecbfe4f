package dev.foldhub.worker;

import dev.foldhub.prediction.Npy;
import dev.foldhub.queue.DeviceSlot;
import dev.foldhub.training.EpochStats;
import dev.foldhub.training.FoldCheckpoints;
import dev.foldhub.training.FoldOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The remote agent's gateway: /api/agent over HTTP with {@code Authorization: Bearer <token>}. Reads the task and
 * resume checkpoint with retries (the job cannot start without them); reports go through a {@link ReportOutbox}
 * per job. {@link ServerAnswer} reads the answers: the lease-lost problem stops the job, any other 4xx fails it with
 * the server's message, 5xx and connection failures are retried by {@link Retries} (bounded, and not once the job is
 * stopping).
 */
final class HttpWorkerGateway implements WorkerGateway {

    private static final Logger log = LoggerFactory.getLogger(HttpWorkerGateway.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String server;
    private final String token;
    private final Path workRoot;
    private final Duration maxBackoff;
    private final Retries retries;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Long, ReportOutbox> outboxes = new ConcurrentHashMap<>();
    /** Per job, the best checkpoint the server has (uploaded or fetched from it). */
    private final Map<Long, String> uploadedBest = new ConcurrentHashMap<>();
    /** Per running job, why it must stop (if it must): its retries end then. */
    private final Map<Long, StopSignal> signals = new ConcurrentHashMap<>();
    private volatile boolean warnedUnavailable;

    /**
     * @param maxBackoff the longest wait between two tries of a call
     * @param retryLimit how long a job's call or report is retried while the server is away
     */
    HttpWorkerGateway(String server, String token, Path workRoot, Duration maxBackoff, Duration retryLimit) {
        this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        this.token = token;
        this.workRoot = workRoot;
        this.maxBackoff = maxBackoff;
        this.retries = new Retries(maxBackoff, retryLimit);
    }

    /** Registration waits for the server as long as it takes, until the agent stops (interrupts it). */
    @Override
    public Registered register(Registration registration) {
        Retries untilStopped = new Retries(maxBackoff, Duration.ofDays(3650));
        return untilStopped.call("registration", () -> JSON.readValue(send(post("/api/agent/workers", registration), 30),
                Registered.class), () -> Thread.currentThread().isInterrupted() ? "interrupted" : null);
    }

    @Override
    public Optional<LeasedJob> lease(String workerId, DeviceSlot device) {
        try {
            byte[] body = send(post(workerPath(workerId) + "/lease", device), 30);
            warnedUnavailable = false;
            return body.length == 0 ? Optional.empty() : Optional.of(JSON.readValue(body, LeasedJob.class));
        } catch (ServerUnavailableException e) {
            if (!warnedUnavailable) {
                log.warn("cannot lease from {}: {}; trying again", server, e.getMessage());
                warnedUnavailable = true;
            }
            return Optional.empty();
        }
    }

    @Override
    public HeartbeatReply heartbeat(LeasedJob job) {
        return JSON.readValue(send(post(jobPath(job, "heartbeat"), null), 10), HeartbeatReply.class);
    }

    @Override
    public void watch(LeasedJob job, StopSignal stop) {
        signals.put(job.id(), stop);
    }

    @Override
    public TrainTask trainTask(LeasedJob job) {
        return retries.call("task of job " + job.id(),
                () -> JSON.readValue(send(request(jobPath(job, "task")).GET(), 120), TrainTask.class), stopping(job));
    }

    @Override
    public Path workDir(LeasedJob job) {
        try {
            return Files.createDirectories(jobDir(job));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the work directory of job " + job.id(), e);
        }
    }

    @Override
    public boolean fetchResume(LeasedJob job, Path resumeFile) {
        // why: the server's copy, never a local one: epochs finished here after the last upload were never reported
        return retries.call("checkpoint of job " + job.id(), () -> {
            Path part = resumeFile.resolveSibling(resumeFile.getFileName() + ".part");
            if (!download(jobPath(job, "checkpoint"), part)) {
                LocalFiles.deleteQuietly(resumeFile);
                return false;
            }
            String best;
            try {
                best = FoldCheckpoints.bestFileNamedBy(part);
            } catch (IOException e) {
                log.warn("job {}: the server's resume checkpoint cannot be read ({}); starting the fold over", job.id(),
                        e.getMessage());
                LocalFiles.deleteQuietly(part);
                LocalFiles.deleteQuietly(resumeFile);
                return false;
            }
            Path bestFile = resumeFile.resolveSibling(best);
            if (!Files.isRegularFile(bestFile) && !download(jobPath(job, "model") + "&name=" + best, bestFile)) {
                log.warn("job {}: the server has the resume checkpoint but not the best checkpoint {} it names; "
                        + "starting the fold over", job.id(), best);
                LocalFiles.deleteQuietly(part);
                LocalFiles.deleteQuietly(resumeFile);
                return false;
            }
            LocalFiles.move(part, resumeFile);
            uploadedBest.put(job.id(), best);
            return true;
        }, stopping(job));
    }

    /** Streams a GET's 200 body to {@code target} (via a .download file); false for 204 or 404 (the server has none). */
    private boolean download(String path, Path target) {
        HttpRequest request = request(path).GET().timeout(Duration.ofSeconds(600)).build();
        Path part = target.resolveSibling(target.getFileName() + ".download");
        HttpResponse<Path> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofFile(part));
        } catch (IOException e) {
            LocalFiles.deleteQuietly(part);
            throw new ServerUnavailableException("GET " + request.uri().getPath() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LocalFiles.deleteQuietly(part);
            throw new ServerUnavailableException("interrupted", e);
        }
        int status = response.statusCode();
        if (status == 200) {
            LocalFiles.move(part, target);
            return true;
        }
        byte[] problem = status >= 400 ? readQuietly(part) : new byte[0];
        LocalFiles.deleteQuietly(part);
        if (status == 204 || status == 404) {
            return false;
        }
        ServerAnswer.check("GET " + request.uri().getPath(), status, problem);
        throw new RequestRejectedException("GET " + request.uri().getPath() + " answered " + status);
    }

    @Override
    public void reportEpoch(LeasedJob job, EpochStats stats) {
        checkReports(job);
        outbox(job).submit("epoch " + stats.epoch(), () -> send(post(jobPath(job, "epochs"), stats), 30));
    }

    @Override
    public void uploadResume(LeasedJob job, Path resumeFile, int epoch) {
        // why: the trainer replaces resume.ckpt every epoch and deletes a best file that a better epoch replaces;
        // the uploads, maybe much later, send this epoch's files (hard links keep them at no cost)
        checkReports(job);
        Path snapshot = LocalFiles.resumeSnapshot(resumeFile, epoch);
        String best = LocalFiles.bestNamedBy(snapshot);
        ReportOutbox reports = outbox(job);
        if (!best.equals(uploadedBest.put(job.id(), best))) {
            // the best checkpoint goes first: the server never holds a resume file naming one it lacks
            Path bestSnapshot = resumeFile.resolveSibling(best + ".upload");
            LocalFiles.keep(resumeFile.resolveSibling(best), bestSnapshot);
            reports.submit("best checkpoint " + best, () -> {
                send(put(jobPath(job, "model") + "&name=" + best, bestSnapshot), 600);
                LocalFiles.deleteQuietly(bestSnapshot);
            });
        }
        reports.submit("checkpoint of epoch " + epoch, () -> {
            send(put(jobPath(job, "checkpoint") + "&epoch=" + epoch, snapshot), 600);
            LocalFiles.deleteQuietly(snapshot);
        });
    }

    @Override
    public void uploadFold(LeasedJob job, FoldOutcome outcome) {
        checkReports(job);
        String model = outcome.checkpoint().getFileName().toString();
        byte[] oof = Npy.writeFloat32(outcome.oofProbabilities(), outcome.rows(), outcome.classes());
        ReportOutbox reports = outbox(job);
        if (!model.equals(uploadedBest.get(job.id()))) { // else it went up with the resume checkpoint that named it
            reports.submit("best checkpoint", () -> send(put(jobPath(job, "model") + "&name=" + model, outcome.checkpoint()), 600));
        }
        reports.submit("OOF predictions", () -> send(request(jobPath(job, "oof") + "&epoch=" + outcome.bestEpoch()
                + "&threshold=" + outcome.threshold() + "&f2=" + outcome.bestF2() + "&checkpoint=" + model)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(oof)), 600));
    }

    /** Sent after every report of the job; when one of them (or the completion itself) was refused, a failure instead. */
    @Override
    public void complete(LeasedJob job) {
        outbox(job).submitOutcome("completion", () -> send(post(jobPath(job, "complete"), null), 30),
                why -> failure(job, why));
    }

    @Override
    public void fail(LeasedJob job, String error) {
        outbox(job).submitOutcome("failure", failure(job, error), null);
    }

    @Override
    public void cancelled(LeasedJob job) {
        outbox(job).submitOutcome("cancellation", () -> send(post(jobPath(job, "cancelled"), null), 30), null);
    }

    /** A job whose reports were refused is not handed to the next worker (it would be refused again): it fails. */
    @Override
    public void release(LeasedJob job) {
        outbox(job).submitOutcome("release", () -> send(post(jobPath(job, "release"), null), 30),
                why -> failure(job, why));
    }

    private ReportOutbox.Report failure(LeasedJob job, String error) {
        return () -> send(post(jobPath(job, "fail"), new FailReport(error)), 30);
    }

    /**
     * Stops the job (throws) once its reports cannot all reach the server: the lease is lost, a report was refused
     * (the job fails with the server's message), or the server stayed away past the retry limit.
     */
    private void checkReports(LeasedJob job) {
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

    @Override
    public void flush(LeasedJob job) {
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

    @Override
    public void cleanUp(LeasedJob job) {
        uploadedBest.remove(job.id());
        signals.remove(job.id());
        LocalFiles.deleteTree(jobDir(job));
    }

    private ReportOutbox outbox(LeasedJob job) {
        return outboxes.computeIfAbsent(job.id(), id -> new ReportOutbox(id, retries, stopping(job)));
    }

    /** Why the job must stop, for its retries: "CANCELLED", "SHUTDOWN", "LEASE_LOST", or null while it runs. */
    private Supplier<String> stopping(LeasedJob job) {
        return () -> {
            StopSignal stop = signals.get(job.id());
            StopSignal.Reason why = stop == null ? null : stop.reason();
            return why == null ? null : why.name();
        };
    }

    private Path jobDir(LeasedJob job) {
        return workRoot.resolve(job.workerId()).resolve("job-" + job.id());
    }

    private String workerPath(String workerId) {
        return "/api/agent/workers/" + workerId;
    }

    private String jobPath(LeasedJob job, String action) {
        return workerPath(job.workerId()) + "/jobs/" + job.id() + "/" + action + "?lease=" + job.lease();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server + path));
        if (token != null && !token.isBlank()) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private HttpRequest.Builder post(String path, Object body) {
        return request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "{}" : JSON.writeValueAsString(body)));
    }

    private HttpRequest.Builder put(String path, Path file) {
        try {
            return request(path).header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofFile(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The body of a 2xx answer (empty for 204). */
    private byte[] send(HttpRequest.Builder builder, int timeoutSeconds) {
        HttpRequest request = builder.timeout(Duration.ofSeconds(timeoutSeconds)).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ServerUnavailableException(request.method() + " " + request.uri().getPath() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnavailableException("interrupted", e);
        }
        ServerAnswer.check(request.method() + " " + request.uri().getPath(), response.statusCode(), response.body());
        return response.body();
    }

    private static byte[] readQuietly(Path file) {
        try {
            return Files.size(file) <= 64 * 1024 ? Files.readAllBytes(file) : new byte[0];
        } catch (IOException e) {
            return new byte[0];
        }
    }

}
