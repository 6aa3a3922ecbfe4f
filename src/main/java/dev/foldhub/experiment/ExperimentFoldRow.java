package dev.foldhub.experiment;

import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/** The key columns of a row about one fold of one experiment (fold_results, epoch_metrics, external_folds). */
@MappedSuperclass
abstract class ExperimentFoldRow {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "experiment_id", nullable = false)
    private long experimentId;

    @Column(nullable = false)
    private int fold;

    protected ExperimentFoldRow() {
    }

    ExperimentFoldRow(long experimentId, int fold) {
        this.experimentId = experimentId;
        this.fold = fold;
    }

    long getExperimentId() {
        return experimentId;
    }

    int getFold() {
        return fold;
    }
}
