package dev.foldhub.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/** Where a worker's jobs train on its own disk: a directory per job, made at the start and removed at the end. */
final class WorkDirs {

    private final Function<LeasedJob, Path> layout;

    private WorkDirs(Function<LeasedJob, Path> layout) {
        this.layout = layout;
    }

    /** {@code <root>/<worker>/job-<id>}: a remote agent's, whose workers share one work root. */
    static WorkDirs perWorker(Path root) {
        return new WorkDirs(job -> root.resolve(job.workerId()).resolve("job-" + job.id()));
    }

    /** {@code <root>/job-<id>}: a root of one worker's own. */
    static WorkDirs flat(Path root) {
        return new WorkDirs(job -> root.resolve("job-" + job.id()));
    }

    /** The job's directory, made if it is not there. */
    Path create(LeasedJob job) {
        try {
            return Files.createDirectories(layout.apply(job));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the work directory of job " + job.id(), e);
        }
    }

    /** Removes the job's directory with everything in it. */
    void delete(LeasedJob job) {
        LocalFiles.deleteTree(layout.apply(job));
    }
}
