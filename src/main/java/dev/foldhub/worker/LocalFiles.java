package dev.foldhub.worker;

import dev.foldhub.training.FoldCheckpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The file moves the worker makes (both gateways in their work directories, the server's checkpoint store), written once. */
final class LocalFiles {

    private static final Logger log = LoggerFactory.getLogger(LocalFiles.class);

    private LocalFiles() {
    }

    /** {@code to} as a second name of {@code from} (a hard link, or a copy where links are not supported): unchanged when {@code from} is replaced. */
    static void keep(Path from, Path to) {
        try {
            Files.deleteIfExists(to);
            try {
                Files.createLink(to, from);
            } catch (UnsupportedOperationException | IOException e) {
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a copy of " + from, e);
        }
    }

    static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from, e);
        }
    }

    /** Moves {@code from} over {@code to}, atomically where the file system can (a reader sees the old file or the new one). */
    static void move(Path from, Path to) {
        try {
            replace(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + from + " to " + to, e);
        }
    }

    /**
     * The one atomic move with a fallback in the worker: {@code from} over {@code to}, atomically where the file system
     * can, else a plain replacing move (another file system, or one without atomic renames).
     */
    static void replace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("could not delete {}", file, e);
        }
    }

    /** Deletes a directory with everything in it; what cannot be deleted is logged and left. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(LocalFiles::deleteQuietly);
        } catch (IOException e) {
            log.warn("could not remove {}: {}", dir, e.toString());
        }
    }

    /**
     * A second name for this epoch's resume checkpoint ({@code resume-<epoch>.upload} beside it): the trainer replaces
     * resume.ckpt every epoch, the hand-over (maybe much later) sends this epoch's file.
     */
    static Path resumeSnapshot(Path resumeFile, int epoch) {
        Path snapshot = resumeFile.resolveSibling("resume-" + epoch + ".upload");
        keep(resumeFile, snapshot);
        return snapshot;
    }

    /** The best-epoch parameter file a resume checkpoint names. */
    static String bestNamedBy(Path resumeFile) {
        try {
            return FoldCheckpoints.bestFileNamedBy(resumeFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resumeFile, e);
        }
    }
}
