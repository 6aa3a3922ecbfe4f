package dev.foldhub.experiment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An experiment: one model config trained on the folds of one fold assignment, imported from its level1 files,
 * or external (its folds trained elsewhere and reported epoch by epoch, e.g. MLflow runs).
 */
@Entity
@Table(name = "experiments")
class Experiment {

    static final String TRAINED = "trained";
    static final String IMPORTED = "imported";
    static final String EXTERNAL = "external";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String name;

    @Column(name = "dataset_id", nullable = false)
    private long datasetId;

    @Column(name = "fold_assignment_id", nullable = false)
    private long foldAssignmentId;

    @Column(nullable = false, length = 100000)
    private String config;

    @Column(nullable = false)
    private String arch;

    @Column(name = "input_size", nullable = false)
    private int inputSize;

    @Column(nullable = false)
    private String loss;

    @Column(name = "oof_f2")
    private Double oofF2;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** {@link #TRAINED}, {@link #IMPORTED} or {@link #EXTERNAL} */
    @Column(nullable = false)
    private String source = TRAINED;

    /** the experiment this one was cloned from (POST /api/experiments/{id}/clone), or null */
    @Column(name = "parent_experiment_id")
    private Long parentExperimentId;

    /** when it was archived (hidden from the lists by default), or null */
    @Column(name = "archived_at")
    private Instant archivedAt;

    /** a free-text note (PUT /api/experiments/{id}/note), at most 10,000 characters, or null */
    @Column(length = TagsAndNote.MAX_NOTE)
    private String note;

    protected Experiment() {
    }

    Experiment(String name, long datasetId, long foldAssignmentId, String config, String arch, int inputSize,
               String loss, Instant createdAt) {
        this.name = name;
        this.datasetId = datasetId;
        this.foldAssignmentId = foldAssignmentId;
        this.config = config;
        this.arch = arch;
        this.inputSize = inputSize;
        this.loss = loss;
        this.createdAt = createdAt;
    }

    /** An experiment made from level1 files of work done elsewhere: no jobs, no checkpoints. */
    static Experiment imported(String name, long datasetId, long foldAssignmentId, String config, Instant createdAt) {
        Experiment e = new Experiment(name, datasetId, foldAssignmentId, config, "imported", 0, "unknown", createdAt);
        e.source = IMPORTED;
        return e;
    }

    /** An experiment whose folds are trained outside Foldhub and reported in (no jobs, no config to train). */
    static Experiment external(String name, long datasetId, long foldAssignmentId, String config, Instant createdAt) {
        Experiment e = new Experiment(name, datasetId, foldAssignmentId, config, "external", 0, "unknown", createdAt);
        e.source = EXTERNAL;
        return e;
    }

    boolean isImported() {
        return IMPORTED.equals(source);
    }

    boolean isExternal() {
        return EXTERNAL.equals(source);
    }

    /** Trained by Foldhub's own jobs from its config (neither imported nor external). */
    boolean trainsOnQueue() {
        return TRAINED.equals(source);
    }

    Long getId() {
        return id;
    }

    String getName() {
        return name;
    }

    long getDatasetId() {
        return datasetId;
    }

    long getFoldAssignmentId() {
        return foldAssignmentId;
    }

    String getConfig() {
        return config;
    }

    String getArch() {
        return arch;
    }

    int getInputSize() {
        return inputSize;
    }

    String getLoss() {
        return loss;
    }

    Double getOofF2() {
        return oofF2;
    }

    void setOofF2(Double oofF2) {
        this.oofF2 = oofF2;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Long getParentExperimentId() {
        return parentExperimentId;
    }

    void setParentExperimentId(Long parentExperimentId) {
        this.parentExperimentId = parentExperimentId;
    }

    Instant getArchivedAt() {
        return archivedAt;
    }

    void setArchivedAt(Instant archivedAt) {
        this.archivedAt = archivedAt;
    }

    String getNote() {
        return note;
    }

    void setNote(String note) {
        this.note = note;
    }
}
