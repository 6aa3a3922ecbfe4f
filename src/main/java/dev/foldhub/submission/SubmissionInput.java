package dev.foldhub.submission;

/**
 * One fold model a submission blends and the TTA settings its predictions must have (numTtas null: imported).
 * jobId is the TEST_PREDICT job computing them, null when they were already stored.
 */
record SubmissionInput(long id, long submissionId, long experimentId, int fold, Integer numTtas, String combine,
                       Long jobId, boolean done) {
}
