package dev.foldhub.errors;

/**
 * A user's mistake in one named field. Its {@link Kind} says which: a malformed value (400), a well-formed one the
 * data cannot take (422), a name already taken (409), or a value over a size limit (413, with the limit's setting).
 */
public class InvalidInputException extends FoldhubException {

    /** What is wrong with the field's value. */
    public enum Kind {
        /** Malformed or out of range. */
        MALFORMED,
        /** Well-formed, but the stored data cannot take it (an experiment without OOF for a blend, say). */
        UNPROCESSABLE,
        /** A unique name that is already taken. */
        DUPLICATE,
        /** Larger than a configured limit. */
        TOO_LARGE
    }

    private final Kind kind;
    private final String field;
    private final String limit;

    public InvalidInputException(String field, String message) {
        this(Kind.MALFORMED, field, message, null);
    }

    /** For a refusal of one kind that a feature names itself (an invalid experiment config, say). */
    protected InvalidInputException(Kind kind, String field, String message) {
        this(kind, field, message, null);
    }

    private InvalidInputException(Kind kind, String field, String message, String limit) {
        super(null, "Invalid " + field, field + ": " + message);
        this.kind = kind;
        this.field = field;
        this.limit = limit;
    }

    /** A well-formed value that the stored data cannot take. */
    public static InvalidInputException unprocessable(String field, String message) {
        return new InvalidInputException(Kind.UNPROCESSABLE, field, message, null);
    }

    /** A unique name that is already taken. */
    public static InvalidInputException duplicate(String field, String message) {
        return new InvalidInputException(Kind.DUPLICATE, field, message, null);
    }

    /** A value over the limit that the setting {@code limit} configures. */
    public static InvalidInputException tooLarge(String field, String message, String limit) {
        return new InvalidInputException(Kind.TOO_LARGE, field, message, limit);
    }

    /** A malformed value over a count limit that the setting {@code limit} configures. */
    public static InvalidInputException overLimit(String field, String message, String limit) {
        return new InvalidInputException(Kind.MALFORMED, field, message, limit);
    }

    public Kind kind() {
        return kind;
    }

    public String field() {
        return field;
    }

    /** The setting whose limit the value went over, or null when no limit is to blame. */
    public String limit() {
        return limit;
    }
}
