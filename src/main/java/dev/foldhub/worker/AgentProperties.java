package dev.foldhub.worker;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of a remote worker agent ({@code java -jar foldhub.jar worker}); env FOLDHUB_AGENT_SERVER, ..._TOKEN,
 * ..._DEVICES and so on.
 *
 * @param server        the Foldhub server's base URL, e.g. http://foldhub:8080
 * @param token         the worker token sent as {@code Authorization: Bearer <token>} (blank: none)
 * @param devices       the device slots: "0,1" (GPUs by CUDA index, memory read from the driver; "0:24000" gives it
 *                      in MB), "cpu" or "cpu:2" (CPU slots)
 * @param name          the worker's id on the server (default: the host name); a restarted agent uses the same one
 * @param workDir       where folds train locally (checkpoints) before they are uploaded
 * @param dataRootMap   "serverPrefix=localPrefix": rewrites the data set paths the server names, when the shared
 *                      storage is mounted elsewhere on this machine (blank: the same path)
 * @param shutdownGrace on SIGTERM, how long a running epoch may take to finish before the job stops anyway
 * @param maxBackoff    the longest wait between retries of a report while the server is unreachable
 * @param retryLimit    how long a job's call or report is retried while the server is unreachable or answers 5xx;
 *                      then the job stops (the server's reaper requeues it once its heartbeat is gone)
 */
@ConfigurationProperties("foldhub.agent")
public record AgentProperties(
        String server,
        String token,
        @DefaultValue("cpu") String devices,
        String name,
        @DefaultValue("./agent-work") Path workDir,
        String dataRootMap,
        @DefaultValue("2m") Duration shutdownGrace,
        @DefaultValue("30s") Duration maxBackoff,
        @DefaultValue("15m") Duration retryLimit) {
}
