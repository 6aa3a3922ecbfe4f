package dev.foldhub.training;

/**
 * An experiment config that cannot be trained as written. {@link #getMessage()} is {@code "<path>: <reason>"},
 * e.g. {@code "train.batch_size: must be greater than 0"}; the path is {@code "config"} for YAML syntax
 * errors and for a document that is not a mapping.
 */
public class InvalidConfigException extends RuntimeException {

    private final String path;
    private final String reason;

    public InvalidConfigException(String path, String reason) {
        super(path + ": " + reason);
        this.path = path;
        this.reason = reason;
    }

    /** The dotted path of the offending key, e.g. {@code train.batch_size}, or {@code config}. */
    public String path() {
        return path;
    }

    /** The message without its path, e.g. {@code must be greater than 0}. */
    public String reason() {
        return reason;
    }
}
