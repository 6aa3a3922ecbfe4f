package dev.foldhub.submission;

import java.time.Instant;

/**
 * A row of the submissions table without its CSV; numTtas null = each experiment's own test.num_ttas; postprocess the
 * JSON of the rule applied when thresholds is "postprocess".
 */
record SubmissionRow(long id, long ensembleId, Integer numTtas, String combine, String thresholds, Long blendJobId,
                     Integer rows, boolean hasCsv, Double publicScore, Double privateScore, Instant createdAt,
                     String postprocess) {
}
