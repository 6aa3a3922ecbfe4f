package dev.foldhub.worker;

import dev.foldhub.queue.JobStoppedException;

/** A call to an unreachable server is no longer retried because its job is stopping (cancel, shutdown, lost lease). */
class CallAbandonedException extends JobStoppedException {

    CallAbandonedException(String message) {
        super(message);
    }
}
