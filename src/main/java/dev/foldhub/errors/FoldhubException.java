package dev.foldhub.errors;

import java.net.URI;
import java.util.Map;

/**
 * A request the domain refuses, in domain terms: what kind of refusal it is (the subclass), a title, a detail and an
 * optional {@link ProblemTypes type} a client may act on. Spring-free: {@code web.ApiExceptionHandler} turns it into an
 * RFC 9457 ProblemDetail with the status the kind stands for.
 */
public abstract class FoldhubException extends RuntimeException {

    private final URI type;
    private final String title;

    protected FoldhubException(URI type, String title, String detail) {
        super(detail);
        this.type = type;
        this.title = title;
    }

    /** The problem type a client tells this refusal apart by, or null for the default ({@code about:blank}). */
    public URI type() {
        return type;
    }

    /** A short summary of the kind of refusal ("Not found", "Invalid name"). */
    public String title() {
        return title;
    }

    /** The human-readable explanation of this occurrence. */
    public String detail() {
        return getMessage();
    }

    /** Extension members a client reads besides the detail (e.g. what holds on to a thing); none by default. */
    public Map<String, Object> properties() {
        return Map.of();
    }
}
