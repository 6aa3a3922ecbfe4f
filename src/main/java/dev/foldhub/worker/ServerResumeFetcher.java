package dev.foldhub.worker;

import dev.foldhub.training.FoldCheckpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the server's resume checkpoint of a fold and the best checkpoint it names into a remote agent's work
 * directory. why: the server's copy, never a local one: epochs finished here after the last upload were never reported.
 */
final class ServerResumeFetcher {

    private static final Logger log = LoggerFactory.getLogger(ServerResumeFetcher.class);

    private final ServerDownloads downloads;

    ServerResumeFetcher(ServerDownloads downloads) {
        this.downloads = downloads;
    }

    /**
     * Puts the resume checkpoint at {@code resumeFile} and its best checkpoint beside it; returns the best checkpoint's
     * name, or null (and no resume file) when the server has none or only part of them. Tried once.
     */
    String fetch(LeasedJob job, Path resumeFile) {
        Path part = resumeFile.resolveSibling(resumeFile.getFileName() + ".part");
        if (!downloads.download(AgentApiPaths.job(job, "checkpoint"), part)) {
            LocalFiles.deleteQuietly(resumeFile);
            return null;
        }
        String best;
        try {
            best = FoldCheckpoints.bestFileNamedBy(part);
        } catch (IOException e) {
            log.warn("job {}: the server's resume checkpoint cannot be read ({}); starting the fold over", job.id(),
                    e.getMessage());
            return discard(part, resumeFile);
        }
        Path bestFile = resumeFile.resolveSibling(best);
        if (!Files.isRegularFile(bestFile)
                && !downloads.download(AgentApiPaths.job(job, "model") + "&name=" + best, bestFile)) {
            log.warn("job {}: the server has the resume checkpoint but not the best checkpoint {} it names; "
                    + "starting the fold over", job.id(), best);
            return discard(part, resumeFile);
        }
        LocalFiles.move(part, resumeFile);
        return best;
    }

    private static String discard(Path part, Path resumeFile) {
        LocalFiles.deleteQuietly(part);
        LocalFiles.deleteQuietly(resumeFile);
        return null;
    }
}
