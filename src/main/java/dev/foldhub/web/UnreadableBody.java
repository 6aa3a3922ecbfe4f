package dev.foldhub.web;

import dev.foldhub.errors.InvalidInputException;
import org.springframework.http.ProblemDetail;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;

/**
 * The ProblemDetail of a request body that could not be read: too large (413), over a JSON read constraint,
 * malformed JSON (field "body", with line and column) or a JSON value of the wrong type (field = its path,
 * e.g. {@code folds[1]}).
 */
final class UnreadableBody {

    private static final int MAX_DETAIL = 300;

    private UnreadableBody() {
    }

    static ProblemDetail problem(Throwable error, LimitsProperties limits) {
        // why: Jackson wraps what the body stream threw, so look through the whole chain for each kind in turn
        if (find(error, BodyTooLargeException.class) instanceof BodyTooLargeException tooLarge) {
            return Problems.of(RequestLimits.tooLarge("body", "is larger than " + tooLarge.maxBytes() + " bytes",
                    tooLarge.property()));
        }
        if (find(error, StreamConstraintsException.class) instanceof StreamConstraintsException constraint) {
            return constraint(constraint, limits);
        }
        if (find(error, JacksonException.class) instanceof JacksonException json) {
            return json(json);
        }
        return invalid("body", "is missing or unreadable");
    }

    private static Throwable find(Throwable error, Class<? extends Throwable> type) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (type.isInstance(e)) {
                return e;
            }
        }
        return null;
    }

    private static ProblemDetail constraint(StreamConstraintsException e, LimitsProperties limits) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("Document length")) {
            return Problems.of(RequestLimits.tooLarge("body", "is larger than " + limits.maxBodySize().toBytes() + " bytes",
                    BodySizeLimitFilter.PROPERTY));
        }
        String property = message.contains("nesting depth") ? "foldhub.limits.max-json-depth"
                : message.contains("String value length") ? "foldhub.limits.max-json-string-length" : null;
        ProblemDetail problem = invalid(path(e, "body"), shorten(message));
        if (property != null) {
            problem.setProperty("limit", property);
        }
        return problem;
    }

    private static ProblemDetail json(JacksonException e) {
        String message = shorten(String.valueOf(e.getOriginalMessage()));
        if (!e.getPath().isEmpty()) {
            return invalid(path(e, "body"), message);
        }
        TokenStreamLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return invalid("body", "is not valid JSON" + where + ": " + message);
    }

    /** The JSON path of the value Jackson failed on: {@code folds[1]}, {@code weights}. */
    private static String path(JacksonException e, String ifNone) {
        String path = JsonPath.of(e);
        return path.isEmpty() ? ifNone : path;
    }

    private static ProblemDetail invalid(String field, String message) {
        return Problems.of(new InvalidInputException(field, message));
    }

    private static String shorten(String message) {
        String line = message.lines().findFirst().orElse("").strip();
        return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL) + "...";
    }
}
