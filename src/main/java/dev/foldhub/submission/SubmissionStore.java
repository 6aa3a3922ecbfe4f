package dev.foldhub.submission;

import dev.foldhub.errors.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The submissions and submission_inputs tables (plain JDBC: the CSV is a large byte column). */
@Repository
class SubmissionStore {

    private static final String COLUMNS = "id, ensemble_id, num_ttas, combine, thresholds, blend_job_id, num_rows, "
            + "csv IS NOT NULL AS has_csv, public_score, private_score, created_at, postprocess";
    private static final RowMapper<SubmissionRow> ROW = (rs, n) -> new SubmissionRow(rs.getLong("id"),
            rs.getLong("ensemble_id"), rs.getObject("num_ttas", Integer.class), rs.getString("combine"),
            rs.getString("thresholds"), rs.getObject("blend_job_id", Long.class), rs.getObject("num_rows", Integer.class),
            rs.getBoolean("has_csv"), rs.getObject("public_score", Double.class),
            rs.getObject("private_score", Double.class), rs.getTimestamp("created_at").toInstant(),
            rs.getString("postprocess"));
    private static final String INPUT_COLUMNS = "id, submission_id, experiment_id, fold, num_ttas, combine, job_id, done";
    private static final RowMapper<SubmissionInput> INPUT = (rs, n) -> new SubmissionInput(rs.getLong(1), rs.getLong(2),
            rs.getLong(3), rs.getInt(4), rs.getObject(5, Integer.class), rs.getString(6), rs.getObject(7, Long.class),
            rs.getBoolean(8));

    private final JdbcClient jdbc;

    SubmissionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(long ensembleId, Integer numTtas, String combine, String thresholds, Instant at) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO submissions (ensemble_id, num_ttas, combine, thresholds, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(ensembleId, numTtas, combine, thresholds, Timestamp.from(at)).update(keys, "id");
        return keys.getKey().longValue();
    }

    /** Stores the JSON of the post-processing rule the submission applies. */
    void setPostprocess(long id, String postprocess) {
        jdbc.sql("UPDATE submissions SET postprocess = ? WHERE id = ?").params(postprocess, id).update();
    }

    long addInput(long submissionId, long experimentId, int fold, Integer numTtas, String combine, boolean done) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO submission_inputs (submission_id, experiment_id, fold, num_ttas, combine, done) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(submissionId, experimentId, fold, numTtas, combine, done).update(keys, "id");
        return keys.getKey().longValue();
    }

    void setInputJob(long inputId, long jobId) {
        jdbc.sql("UPDATE submission_inputs SET job_id = ? WHERE id = ?").params(jobId, inputId).update();
    }

    SubmissionInput input(long inputId) {
        return jdbc.sql("SELECT " + INPUT_COLUMNS + " FROM submission_inputs WHERE id = ?").param(inputId)
                .query(INPUT).optional().orElseThrow(() -> new NotFoundException("submission input", inputId));
    }

    /** The submission of each of these inputs that still exists (input id -> submission id). */
    Map<Long, Long> submissionsOfInputs(Collection<Long> inputIds) {
        if (inputIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, Long> bySubmission = new HashMap<>();
        jdbc.sql("SELECT id, submission_id FROM submission_inputs WHERE id IN (:ids)").param("ids", inputIds)
                .query((ResultSet rs) -> {
                    bySubmission.put(rs.getLong(1), rs.getLong(2));
                });
        return bySubmission;
    }

    List<SubmissionInput> inputs(long submissionId) {
        return jdbc.sql("SELECT " + INPUT_COLUMNS + " FROM submission_inputs WHERE submission_id = ? ORDER BY id")
                .param(submissionId).query(INPUT).list();
    }

    Optional<SubmissionRow> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM submissions WHERE id = ?").param(id).query(ROW).optional();
    }

    List<SubmissionRow> list() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM submissions ORDER BY id DESC").query(ROW).list();
    }

    /** Locks the submission's row until the transaction ends. why: serializes the "last input done" check. */
    void lock(long id) {
        jdbc.sql("SELECT id FROM submissions WHERE id = ? FOR UPDATE").param(id).query(Long.class).single();
    }

    void markDone(long inputId) {
        jdbc.sql("UPDATE submission_inputs SET done = TRUE WHERE id = ?").param(inputId).update();
    }

    long remaining(long submissionId) {
        return jdbc.sql("SELECT COUNT(*) FROM submission_inputs WHERE submission_id = ? AND done = FALSE")
                .param(submissionId).query(Long.class).single();
    }

    void setBlendJob(long id, long jobId) {
        jdbc.sql("UPDATE submissions SET blend_job_id = ? WHERE id = ?").params(jobId, id).update();
    }

    void saveCsv(long id, String csv, int rows) {
        jdbc.sql("UPDATE submissions SET csv = ?, num_rows = ? WHERE id = ?")
                .params(csv.getBytes(StandardCharsets.UTF_8), rows, id).update();
    }

    Optional<byte[]> csv(long id) {
        return jdbc.sql("SELECT csv FROM submissions WHERE id = ? AND csv IS NOT NULL").param(id)
                .query((rs, n) -> rs.getBytes(1)).optional();
    }

    void setScores(long id, Double publicScore, Double privateScore) {
        jdbc.sql("UPDATE submissions SET public_score = ?, private_score = ? WHERE id = ?")
                .params(publicScore, privateScore, id).update();
    }
}
