package dev.foldhub.queue;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the job queue.
 *
 * @param heartbeatTimeout a running job whose last heartbeat is older than this is requeued by the reaper
 * @param maxAttempts      how many leases a job gets before the reaper fails it
 * @param reapInterval     how often the reaper looks for stale jobs
 */
@ConfigurationProperties("foldhub.queue")
public record QueueProperties(
        @DefaultValue("60s") Duration heartbeatTimeout,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("15s") Duration reapInterval) {
}
