package dev.foldhub.worker;

import java.time.Instant;
import java.util.List;

/**
 * A worker as the API shows it: state is ONLINE (seen within the queue's heartbeat timeout), OFFLINE or
 * RETIRED; currentJobs are the jobs it holds now.
 */
public record WorkerView(String id, String kind, String devices, String state, Instant registeredAt, Instant lastSeenAt,
                         List<Long> currentJobs) {
}
