package dev.foldhub.experiment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.time.Instant;

/** A fold trained outside Foldhub and reported in: its state as its reporter last said. */
@Entity
@Table(name = "external_folds")
class ExternalFold extends ExperimentFoldRow {

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private RunStatus status;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ExternalFold() {
    }

    ExternalFold(long experimentId, int fold) {
        super(experimentId, fold);
    }

    void report(RunStatus status, Instant at) {
        this.status = status;
        this.updatedAt = at;
    }

    RunStatus getStatus() {
        return status;
    }
}
