package dev.foldhub.experiment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One validated epoch of one fold. */
@Entity
@Table(name = "epoch_metrics")
class EpochMetric {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "experiment_id", nullable = false)
    private long experimentId;

    @Column(nullable = false)
    private int fold;

    @Column(nullable = false)
    private int epoch;

    @Column(name = "job_id", nullable = false)
    private long jobId;

    @Column(name = "train_loss", nullable = false)
    private double trainLoss;

    @Column(nullable = false)
    private double f2;

    @Column(nullable = false)
    private double threshold;

    @Column(nullable = false)
    private double lr;

    @Column(nullable = false)
    private double seconds;

    @Column(name = "images_per_second", nullable = false)
    private double imagesPerSecond;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected EpochMetric() {
    }

    EpochMetric(long experimentId, int fold, int epoch) {
        this.experimentId = experimentId;
        this.fold = fold;
        this.epoch = epoch;
    }

    void record(long jobId, double trainLoss, double f2, double threshold, double lr, double seconds,
                double imagesPerSecond, Instant at) {
        this.jobId = jobId;
        this.trainLoss = trainLoss;
        this.f2 = f2;
        this.threshold = threshold;
        this.lr = lr;
        this.seconds = seconds;
        this.imagesPerSecond = imagesPerSecond;
        this.createdAt = at;
    }

    EpochView toView() {
        return new EpochView(epoch, trainLoss, f2, threshold, lr, seconds, imagesPerSecond);
    }

    int getFold() {
        return fold;
    }

    int getEpoch() {
        return epoch;
    }
}
