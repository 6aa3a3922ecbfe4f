package dev.foldhub.web;

import dev.foldhub.errors.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
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
        if (!isPlainFileName(name)) {
            throw new InvalidInputException(field, "'" + name + "' must be a plain file name, without a directory or '..'");
        }
        return name;
    }

    /** The one file-name rule: no '/' or '\', not "." or "..", no NUL (a blank name is the caller's to refuse). */
    public static boolean isPlainFileName(String name) {
        return !SEPARATOR.matcher(name).find() && !name.equals(".") && !name.equals("..") && name.indexOf('\0') < 0;
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

    /**
     * {@code path} (absolute) with its symbolic links resolved, when it lies inside one of {@code roots} (also
     * resolved); else a 400 naming the field and the property that lists the roots. The refusal reads the same
     * whether the path exists or not, so a caller learns nothing about the disk outside the roots.
     */
    public static Path underRoots(Path path, List<Path> roots, String field, String property) {
        Path resolved = resolveLinks(path);
        for (Path root : roots) {
            if (resolved.startsWith(resolveLinks(root))) {
                return resolved;
            }
        }
        throw new InvalidInputException(field, "must be inside a directory listed in " + property);
    }

    /** The real path of the deepest existing ancestor, with the names below it (that do not exist yet) appended. */
    private static Path resolveLinks(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
        } catch (IOException e) {
            return absolute; // why: unreadable on the way down; compared as written, which a root cannot contain by accident
        }
    }
}
