package dev.foldhub.mlflow;

/**
 * The one rule for an artifact path a client names: relative, '/'-separated segments that are neither empty, "."
 * nor "..", without a backslash or NUL (so no Windows-style or encoded detour out of the run's directory).
 */
final class ArtifactPath {

    private ArtifactPath() {
    }

    /** The path with no leading or trailing '/', or INVALID_PARAMETER_VALUE naming what is wrong. */
    static String check(String path) {
        if (path.startsWith("/")) {
            throw MlflowException.invalid("Invalid artifact path '" + path + "': it must be relative.");
        }
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (trimmed.indexOf('\\') >= 0 || trimmed.indexOf('\0') >= 0) {
            throw MlflowException.invalid("Invalid artifact path '" + printable(path)
                    + "': backslashes and NUL are not allowed.");
        }
        for (String segment : trimmed.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw MlflowException.invalid("Invalid artifact path '" + path + "': empty, '.' and '..' segments are not allowed.");
            }
        }
        return trimmed;
    }

    private static String printable(String path) {
        return path.replace("\0", "\\0");
    }
}
