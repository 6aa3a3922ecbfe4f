package dev.foldhub.queue;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the job queue.
 *
 * @param heartbeatTimeout a running job whose last heartbeat is older than this is requeued by the reaper
 * @param maxAttempts      how many leases a job gets: the lease checks it, and a job whose worker died that many times
 *                         while running it (no heartbeat, or the worker registered again) fails; a clean release (a
 *                         worker's shutdown) gives its attempt back
 * @param reapInterval     how often the reaper looks for stale jobs
 */
@ConfigurationProperties("foldhub.queue")
public record QueueProperties(
        @DefaultValue("60s") Duration heartbeatTimeout,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("15s") Duration reapInterval) {
}
