package dev.foldhub.errors;

import java.net.URI;

/**
 * The ProblemDetail {@code type} URIs a client may act on. Everything else has the default type ({@code about:blank})
 * and is told apart by its status.
 */
public final class ProblemTypes {

    /** The worker no longer holds the job's lease (requeued, leased by another worker, finished): stop, report nothing. */
    public static final URI LEASE_LOST = URI.create("urn:foldhub:problems:lease-lost");
    /** A job cannot be completed because the result it must store is not there (a fold's OOF, say). */
    public static final URI RESULT_MISSING = URI.create("urn:foldhub:problems:result-missing");
    /** A thing cannot be deleted while others use it; the problem's "usedBy" lists them. */
    public static final URI IN_USE = URI.create("urn:foldhub:problems:in-use");

    private ProblemTypes() {
    }

    /** 409 of type {@link #LEASE_LOST}: the worker's lease on the job is stale (requeued, finished, leased again). */
    public static ConflictException leaseLost(String detail) {
        return new ConflictException(LEASE_LOST, "Lease lost", detail);
    }

    /** 403 of type {@link #LEASE_LOST}: the job is not (or no longer) leased to the calling worker. */
    public static ForbiddenException notLeasedTo(String detail) {
        return new ForbiddenException(LEASE_LOST, "Lease lost", detail);
    }

    public static boolean isLeaseLost(FoldhubException e) {
        return LEASE_LOST.equals(e.type());
    }
}
