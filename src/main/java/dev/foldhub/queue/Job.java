package dev.foldhub.queue;

import java.time.Instant;

/** A row of the job table as a worker or the API sees it (deviceKind: any, cpu, gpu or server). */
public record Job(
        long id,
        JobKind kind,
        long subjectId,
        Integer fold,
        JobState state,
        int priority,
        int attempts,
        int maxAttempts,
        String workerId,
        boolean cancelRequested,
        String error,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Instant heartbeatAt,
        long version,
        String deviceKind,
        int minMemoryMb) {
}
