package dev.foldhub.dashboard;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How much the dashboard serves at once: live event streams (each polls the database every second) and jobs shown.
 *
 * @param maxEventStreams        open experiment event streams in all; beyond, a new one is a 503
 * @param maxEventStreamsPerUser open event streams of one user or token; beyond, a new one is a 429
 * @param queueJobsPerState      jobs of each state the queue page lists (newest first; the count shows them all)
 * @param eventKeepAlive         a stream with nothing new sends a comment this often, so a page that went away is
 *                               noticed (and its poll stopped) by the failed write
 */
@ConfigurationProperties("foldhub.dashboard")
public record DashboardProperties(
        @DefaultValue("64") int maxEventStreams,
        @DefaultValue("6") int maxEventStreamsPerUser,
        @DefaultValue("50") int queueJobsPerState,
        @DefaultValue("15s") Duration eventKeepAlive) {

    static final String MAX_STREAMS = "foldhub.dashboard.max-event-streams";
    static final String MAX_STREAMS_PER_USER = "foldhub.dashboard.max-event-streams-per-user";
}
