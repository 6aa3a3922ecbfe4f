package dev.foldhub.mlflow;

import dev.foldhub.StorageProperties;
import dev.foldhub.mlflow.MlflowMessages.FileInfo;
import dev.foldhub.web.SafePaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The files of MLflow runs' artifacts: {@code <artifacts dir>/mlflow/<mlflow experiment id>/<run id>/<path>}. A path
 * is relative to its run's directory and never leaves it; an upload is streamed to a temporary file beside its
 * target and moved into place, so a refused or broken upload leaves what was there.
 */
@Component
class MlflowArtifactStore {

    private static final String PART_PREFIX = ".upload-";
    private static final String PART_SUFFIX = ".part";

    private final Path root;

    MlflowArtifactStore(StorageProperties storage) {
        this.root = storage.artifactsDir().resolve("mlflow");
    }

    /** The file or directory at {@code relative} ("" the run's root) inside the run's directory; refused when it leaves it. */
    Path resolve(MlflowRunStore.Row run, String relative) {
        Path runRoot = root.resolve(String.valueOf(run.experimentId())).resolve(run.runId());
        return relative.isEmpty() ? runRoot : SafePaths.inside(runRoot, ArtifactPath.check(relative), "path");
    }

    /** Streams the body into the file (replacing one that is there); the number of bytes written. */
    long write(Path target, InputStream body) throws IOException {
        if (Files.isDirectory(target)) {
            throw MlflowException.invalid("Artifact path '" + target.getFileName() + "' is a directory.");
        }
        try {
            Files.createDirectories(target.getParent());
        } catch (FileAlreadyExistsException | NotDirectoryException e) {
            throw MlflowException.invalid("A parent of artifact '" + target.getFileName() + "' is a file.");
        }
        Path part = Files.createTempFile(target.getParent(), PART_PREFIX, PART_SUFFIX);
        try {
            long written = Files.copy(body, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return written;
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /**
     * The directory's entries by name (none when it does not exist or is a file, as MLflow answers); each path is
     * {@code prefix} joined with the entry's name; directories carry no size.
     */
    List<FileInfo> list(Path directory, String prefix) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<FileInfo> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.sorted(Comparator.comparing(Path::toString)).toList()) {
                String name = entry.getFileName().toString();
                if (name.startsWith(PART_PREFIX) && name.endsWith(PART_SUFFIX)) {
                    continue; // an upload still under way
                }
                String path = prefix.isEmpty() ? name : prefix + "/" + name;
                try {
                    boolean dir = Files.isDirectory(entry);
                    files.add(new FileInfo(path, dir, dir ? null : Files.size(entry)));
                } catch (NoSuchFileException e) {
                    // replaced or removed while listing
                }
            }
        }
        return files;
    }
}
