package dev.foldhub.experiment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** The best epoch of a finished fold and where its checkpoint lies. */
@Entity
@Table(name = "fold_results")
class FoldResult extends ExperimentFoldRow {

    /** null for an imported fold */
    @Column(name = "job_id")
    private Long jobId;

    @Column(name = "best_epoch", nullable = false)
    private int bestEpoch;

    @Column(name = "best_f2", nullable = false)
    private double bestF2;

    @Column(nullable = false)
    private double threshold;

    /** null for an imported fold */
    @Column(length = 1000)
    private String checkpoint;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** sum of the fold's per-row F2 at its threshold; null until computed (see FoldProgress#pooledF2) */
    @Column(name = "f2_row_sum")
    private Double f2RowSum;

    @Column(name = "f2_rows")
    private Integer f2Rows;

    protected FoldResult() {
    }

    FoldResult(long experimentId, int fold) {
        super(experimentId, fold);
    }

    /** An imported fold: best epoch and score from its file name, threshold from its .yml (or 0). */
    void recordImported(int bestEpoch, double bestF2, double threshold, Instant at) {
        this.jobId = null;
        this.bestEpoch = bestEpoch;
        this.bestF2 = bestF2;
        this.threshold = threshold;
        this.checkpoint = null;
        this.createdAt = at;
    }

    void record(Long jobId, int bestEpoch, double bestF2, double threshold, String checkpoint, Instant at) {
        this.jobId = jobId;
        this.bestEpoch = bestEpoch;
        this.bestF2 = bestF2;
        this.threshold = threshold;
        this.checkpoint = checkpoint;
        this.createdAt = at;
    }

    /** The fold's share of the pooled OOF F2: the sum of its rows' F2 and how many rows. */
    void scoreRows(double rowSum, int rows) {
        this.f2RowSum = rowSum;
        this.f2Rows = rows;
    }

    Double getF2RowSum() {
        return f2RowSum;
    }

    Integer getF2Rows() {
        return f2Rows;
    }

    Long getJobId() {
        return jobId;
    }

    int getBestEpoch() {
        return bestEpoch;
    }

    double getBestF2() {
        return bestF2;
    }

    double getThreshold() {
        return threshold;
    }

    String getCheckpoint() {
        return checkpoint;
    }
}
