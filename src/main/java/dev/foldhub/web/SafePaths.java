package dev.foldhub.web;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Paths and file names that come from users (or remote workers), checked before they reach the file
 * system: no ".." segment anywhere, no directory part in a file name, no absolute path where a path
 * relative to a server directory is expected. Each refusal is a 400 naming the field.
 */
public final class SafePaths {

    private static final Pattern SEPARATOR = Pattern.compile("[/\\\\]");

    private SafePaths() {
    }

    /** A bare file name ("a.npy"): no '/' or '\', not "." or "..", no NUL. */
    public static String fileName(String name, String field) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException(field, "needs a file name");
        }
        if (SEPARATOR.matcher(name).find() || name.equals(".") || name.equals("..") || name.indexOf('\0') >= 0) {
            throw new InvalidInputException(field, "'" + name + "' must be a plain file name, without a directory or '..'");
        }
        return name;
    }

    /** The path, refused when any of its segments is "..". */
    public static String withoutParentSegments(String path, String field) {
        if (path.indexOf('\0') >= 0 || SEPARATOR.splitAsStream(path).anyMatch(".."::equals)) {
            throw new InvalidInputException(field, "must not contain '..' segments, got " + path);
        }
        return path;
    }

    /** {@code relative} resolved under {@code root}: refused when it is absolute, has a ".." segment or leaves root. */
    public static Path inside(Path root, String relative, String field) {
        if (relative == null || relative.isBlank()) {
            throw new InvalidInputException(field, "must not be blank");
        }
        withoutParentSegments(relative, field);
        Path path;
        try {
            path = Path.of(relative);
        } catch (InvalidPathException e) {
            throw new InvalidInputException(field, "is not a valid path: " + e.getMessage());
        }
        if (path.isAbsolute() || relative.startsWith("/") || relative.startsWith("\\")) {
            throw new InvalidInputException(field, "must be relative to the server's directory, got " + relative);
        }
        Path base = root.toAbsolutePath().normalize();
        Path resolved = base.resolve(path).normalize();
        if (!resolved.startsWith(base)) {
            throw new InvalidInputException(field, "leaves the server's directory: " + relative);
        }
        return resolved;
    }
}
