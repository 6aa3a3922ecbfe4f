package dev.foldhub.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The one atomic move with a fallback, shared by training's checkpoints and the worker's files. */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Moves {@code from} over {@code to}, atomically where the file system can (a reader sees the old file or the new
     * one), else with a plain replacing move (another file system, or one without atomic renames).
     */
    public static void replace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
