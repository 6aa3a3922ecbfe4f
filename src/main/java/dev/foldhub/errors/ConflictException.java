package dev.foldhub.errors;

import java.net.URI;

/** An illegal state change (cancelling a finished job, say), shown as a 409. */
public class ConflictException extends FoldhubException {

    public ConflictException(String detail) {
        super(null, "Conflict", detail);
    }

    /** A conflict a client tells apart by its {@code type} (one of {@link ProblemTypes}). */
    public ConflictException(URI type, String title, String detail) {
        super(type, title, detail);
    }
}
