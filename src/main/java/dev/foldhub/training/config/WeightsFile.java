package dev.foldhub.training.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Checks on model.weights, the path of a TorchScript file on the machine that trains. */
public final class WeightsFile {

    private WeightsFile() {
    }

    /** Why the path is not acceptable as written (relative, with a .. segment, or malformed), or null. */
    static String badPath(String value) {
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            return "not a valid path: " + e.getReason();
        }
        if (!path.isAbsolute()) {
            return "must be an absolute path (the worker's working directory is not the config's)";
        }
        for (Path part : path) {
            if (part.toString().equals("..")) {
                // why: a path that climbs out of its directory reads differently from what it resolves to
                return "must not contain '..' segments";
            }
        }
        return null;
    }

    /** Why the file cannot be loaded now (see {@link #badPath}, missing, unreadable, not a TorchScript zip), or null. */
    public static String unreadable(String value) {
        String bad = badPath(value);
        if (bad != null) {
            return bad;
        }
        Path path = Path.of(value);
        if (!Files.isRegularFile(path)) {
            return "no such file: " + value;
        }
        if (!Files.isReadable(path)) {
            return "not readable: " + value;
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] magic = in.readNBytes(4);
            // torch.jit.save writes a zip archive: PK\3\4
            if (magic.length < 4 || magic[0] != 'P' || magic[1] != 'K' || magic[2] != 3 || magic[3] != 4) {
                return "not a TorchScript file (torch.jit.save writes a zip archive): " + value;
            }
        } catch (IOException e) {
            return "cannot be read: " + e.getMessage();
        }
        return null;
    }
}
