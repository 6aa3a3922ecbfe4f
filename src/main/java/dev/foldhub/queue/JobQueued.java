package dev.foldhub.queue;

/** Published when a job becomes QUEUED (enqueued or retried), so an idle worker in this process can lease it at once. */
public record JobQueued(long jobId, JobKind kind) {
}
