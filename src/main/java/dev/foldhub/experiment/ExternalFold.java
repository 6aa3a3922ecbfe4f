package dev.foldhub.experiment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A fold trained outside Foldhub and reported in: its state as its reporter last said. */
@Entity
@Table(name = "external_folds")
class ExternalFold {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "experiment_id", nullable = false)
    private long experimentId;

    @Column(nullable = false)
    private int fold;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private RunStatus status;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ExternalFold() {
    }

    ExternalFold(long experimentId, int fold) {
        this.experimentId = experimentId;
        this.fold = fold;
    }

    void report(RunStatus status, Instant at) {
        this.status = status;
        this.updatedAt = at;
    }

    long getExperimentId() {
        return experimentId;
    }

    int getFold() {
        return fold;
    }

    RunStatus getStatus() {
        return status;
    }
}
