package dev.foldhub.worker;

import java.time.Instant;

/**
 * A registered worker as the ownership check and the lease need it: kind "embedded" or "remote", owner = the
 * principal bound to it, whether it is retired, and its last contact.
 */
record WorkerIdentity(String id, String kind, String owner, boolean retired, Instant lastSeenAt) {

    boolean embedded() {
        return "embedded".equals(kind);
    }
}
