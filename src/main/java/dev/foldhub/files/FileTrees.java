package dev.foldhub.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** A directory with everything under it: its size, its removal. Links are not followed. */
public final class FileTrees {

    private FileTrees() {
    }

    /**
     * The bytes of the regular files under {@code dir} (0 when it does not exist). A file that disappears during the
     * walk (a checkpoint replaced by a training fold, say) is skipped, not an error.
     */
    public static long bytesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        AtomicLong bytes = new AtomicLong();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        bytes.addAndGet(attributes.size());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + dir, e);
        }
        return bytes.get();
    }

    /**
     * Deletes {@code dir} and everything under it, going on past what cannot be deleted; true when nothing is left
     * (also when it did not exist).
     */
    public static boolean deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        AtomicBoolean complete = new AtomicBoolean(true);
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    delete(file, complete);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    complete.compareAndSet(true, e instanceof NoSuchFileException);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) {
                    delete(d, complete);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return false;
        }
        return complete.get() && !Files.exists(dir);
    }

    private static void delete(Path path, AtomicBoolean complete) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            complete.set(false);
        }
    }
}
