package dev.foldhub.worker;

import java.time.Duration;

/**
 * Why and when a running job must stop. A cancel or a lost lease stops it at once; a shutdown lets the current
 * epoch finish (so its checkpoint is uploaded and the next worker resumes from it) unless that takes longer than
 * the grace period.
 */
final class StopSignal {

    enum Reason { CANCELLED, LEASE_LOST, SHUTDOWN }

    private volatile Reason reason;
    private volatile boolean epochEnded;
    private volatile long deadlineNanos = Long.MAX_VALUE;

    /**
     * The first reason stays, except that a cancel or a lost lease overrides a shutdown: the job stops at once instead
     * of after its epoch, and a cancel asked for during the shutdown grace ends the job CANCELLED, not released.
     */
    synchronized void request(Reason why) {
        if (reason == null || reason == Reason.SHUTDOWN && why != Reason.SHUTDOWN) {
            reason = why;
        }
    }

    /** Stop after the current epoch, or once {@code grace} has passed. */
    synchronized void shutdown(Duration grace) {
        request(Reason.SHUTDOWN);
        deadlineNanos = Math.min(deadlineNanos, System.nanoTime() + grace.toNanos());
    }

    /** An epoch (and its checkpoint) is done: a job that is shutting down may stop now. */
    void epochEnded() {
        if (reason == Reason.SHUTDOWN) {
            epochEnded = true;
        }
    }

    /** Polled between batches. */
    boolean stopNow() {
        Reason why = reason;
        if (why == null) {
            return false;
        }
        return why != Reason.SHUTDOWN || epochEnded || System.nanoTime() - deadlineNanos >= 0;
    }

    Reason reason() {
        return reason;
    }
}
