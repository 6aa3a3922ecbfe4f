package dev.foldhub.worker;

/**
 * The server's answer to a registration: the worker id and the rhythm the server expects.
 *
 * @param workerId            the id to use in every later call
 * @param heartbeatIntervalMs how often to heartbeat a running job (a cancel takes effect within one interval)
 * @param pollIntervalMs      how long a free device waits before asking for a job again
 */
public record Registered(String workerId, long heartbeatIntervalMs, long pollIntervalMs) {
}
