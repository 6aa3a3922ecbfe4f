package dev.foldhub.training;

import dev.foldhub.errors.InvalidInputException;

/**
 * An experiment config that cannot be trained as written. {@link #getMessage()} is {@code "<path>: <reason>"},
 * e.g. {@code "train.batch_size: must be greater than 0"}; the path is {@code "config"} for YAML syntax
 * errors and for a document that is not a mapping. Found after the config was stored (a worker asking for its task,
 * say; a request's own config is checked where it arrives), it is shown as a 422 naming the path, never a 500.
 */
public class InvalidConfigException extends InvalidInputException {

    private final String path;
    private final String reason;

    public InvalidConfigException(String path, String reason) {
        super(Kind.UNPROCESSABLE, path, reason);
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
