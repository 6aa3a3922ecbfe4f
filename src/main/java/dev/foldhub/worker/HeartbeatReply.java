package dev.foldhub.worker;

/** The answer to a heartbeat: whether someone asked to cancel the job (the worker then stops it and frees the device). */
public record HeartbeatReply(boolean cancel) {
}
