package dev.foldhub.worker;

import dev.foldhub.prediction.Npy;
import dev.foldhub.training.FoldOutcome;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a remote agent uploads of a fold, through the job's {@link JobReports} outbox: each epoch's resume checkpoint
 * (with a new best checkpoint first), and the finished fold's best checkpoint and OOF predictions. Remembers per job
 * the best checkpoint the server has, so none goes up twice.
 */
final class ResultUploads {

    private final AgentHttpClient http;
    private final JobReports reports;
    /** Per job, the best checkpoint the server has (uploaded or fetched from it). */
    private final Map<Long, String> uploadedBest = new ConcurrentHashMap<>();

    ResultUploads(AgentHttpClient http, JobReports reports) {
        this.http = http;
        this.reports = reports;
    }

    /** The server has {@code best} of the job (the agent fetched it from there). */
    void serverHas(LeasedJob job, String best) {
        uploadedBest.put(job.id(), best);
    }

    void resume(LeasedJob job, Path resumeFile, int epoch) {
        // why: the trainer replaces resume.ckpt every epoch and deletes a best file that a better epoch replaces;
        // the uploads, maybe much later, send this epoch's files (hard links keep them at no cost)
        Path snapshot = LocalFiles.resumeSnapshot(resumeFile, epoch);
        String best = LocalFiles.bestNamedBy(snapshot);
        ReportOutbox outbox = reports.of(job);
        if (!best.equals(uploadedBest.put(job.id(), best))) {
            // the best checkpoint goes first: the server never holds a resume file naming one it lacks
            Path bestSnapshot = resumeFile.resolveSibling(best + ".upload");
            LocalFiles.keep(resumeFile.resolveSibling(best), bestSnapshot);
            outbox.submit("best checkpoint " + best, () -> {
                http.send(http.put(AgentApiPaths.job(job, "model") + "&name=" + best, bestSnapshot), 600);
                LocalFiles.deleteQuietly(bestSnapshot);
            });
        }
        outbox.submit("checkpoint of epoch " + epoch, () -> {
            http.send(http.put(AgentApiPaths.job(job, "checkpoint") + "&epoch=" + epoch, snapshot), 600);
            LocalFiles.deleteQuietly(snapshot);
        });
    }

    void fold(LeasedJob job, FoldOutcome outcome) {
        String model = outcome.checkpoint().getFileName().toString();
        byte[] oof = Npy.writeFloat32(outcome.oofProbabilities(), outcome.rows(), outcome.classes());
        ReportOutbox outbox = reports.of(job);
        if (!model.equals(uploadedBest.get(job.id()))) { // else it went up with the resume checkpoint that named it
            outbox.submit("best checkpoint", () -> http.send(
                    http.put(AgentApiPaths.job(job, "model") + "&name=" + model, outcome.checkpoint()), 600));
        }
        outbox.submit("OOF predictions", () -> http.send(http.put(AgentApiPaths.job(job, "oof")
                + "&epoch=" + outcome.bestEpoch() + "&threshold=" + outcome.threshold() + "&f2=" + outcome.bestF2()
                + "&checkpoint=" + model, oof), 600));
    }

    void forget(LeasedJob job) {
        uploadedBest.remove(job.id());
    }
}
