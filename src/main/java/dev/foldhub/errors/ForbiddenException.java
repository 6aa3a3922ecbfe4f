package dev.foldhub.errors;

import java.net.URI;

/** A caller acting for something it does not own (a worker token on another worker's job, say), shown as a 403. */
public class ForbiddenException extends FoldhubException {

    public ForbiddenException(String detail) {
        super(null, "Forbidden", detail);
    }

    /** A refusal a client tells apart by its {@code type} (one of {@link ProblemTypes}). */
    public ForbiddenException(URI type, String title, String detail) {
        super(type, title, detail);
    }
}
