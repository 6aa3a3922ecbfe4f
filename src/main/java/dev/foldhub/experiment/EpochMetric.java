package dev.foldhub.experiment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** One validated epoch of one fold: trained by a job (all values), or reported from outside (no job, some values). */
@Entity
@Table(name = "epoch_metrics")
class EpochMetric extends ExperimentFoldRow {

    @Column(nullable = false)
    private int epoch;

    /** null for a reported epoch */
    @Column(name = "job_id")
    private Long jobId;

    @Column(name = "train_loss")
    private Double trainLoss;

    @Column
    private Double f2;

    @Column
    private Double threshold;

    @Column
    private Double lr;

    @Column
    private Double seconds;

    @Column(name = "images_per_second")
    private Double imagesPerSecond;

    @Column(name = "val_loss")
    private Double valLoss;

    @Column(name = "f2_at_05")
    private Double f2At05;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected EpochMetric() {
    }

    EpochMetric(long experimentId, int fold, int epoch) {
        super(experimentId, fold);
        this.epoch = epoch;
    }

    void record(long jobId, double trainLoss, double f2, double threshold, double lr, double seconds,
                double imagesPerSecond, Double f2At05, Double valLoss, Instant at) {
        this.f2At05 = f2At05;
        this.valLoss = valLoss;
        this.jobId = jobId;
        this.trainLoss = trainLoss;
        this.f2 = f2;
        this.threshold = threshold;
        this.lr = lr;
        this.seconds = seconds;
        this.imagesPerSecond = imagesPerSecond;
        this.createdAt = at;
    }

    /** A reported epoch's values merge into what earlier reports of the epoch stored (null keeps the old value). */
    void merge(ReportedEpoch r, Instant at) {
        this.jobId = null;
        this.trainLoss = r.trainLoss() != null ? r.trainLoss() : trainLoss;
        this.valLoss = r.valLoss() != null ? r.valLoss() : valLoss;
        this.f2 = r.f2() != null ? r.f2() : f2;
        this.threshold = r.threshold() != null ? r.threshold() : threshold;
        this.lr = r.lr() != null ? r.lr() : lr;
        this.seconds = r.seconds() != null ? r.seconds() : seconds;
        this.imagesPerSecond = r.imagesPerSecond() != null ? r.imagesPerSecond() : imagesPerSecond;
        this.createdAt = at;
    }

    EpochView toView() {
        return new EpochView(epoch, trainLoss, f2, threshold, lr, seconds, imagesPerSecond, valLoss, f2At05);
    }

    Double getF2() {
        return f2;
    }

    Double getThreshold() {
        return threshold;
    }

    int getEpoch() {
        return epoch;
    }
}
