package dev.foldhub.worker;

import dev.foldhub.queue.JobStoppedException;

/** The server says the worker no longer holds the job (requeued, leased by another, finished): stop it, report nothing. */
class LeaseLostException extends JobStoppedException {

    LeaseLostException(String message) {
        super(message);
    }
}
