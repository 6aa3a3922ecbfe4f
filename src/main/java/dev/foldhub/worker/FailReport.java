package dev.foldhub.worker;

/** Why a worker gave up on a job (stored as the job's error). */
public record FailReport(String error) {
}
