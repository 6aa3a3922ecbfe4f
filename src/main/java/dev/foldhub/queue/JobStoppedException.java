package dev.foldhub.queue;

/** Thrown by a {@link JobRunner} that stopped because its stop signal turned true (cancel, shutdown, lost lease). */
public class JobStoppedException extends RuntimeException {

    public JobStoppedException(String message) {
        super(message);
    }
}
