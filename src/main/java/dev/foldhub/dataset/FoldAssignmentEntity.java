package dev.foldhub.dataset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code fold_assignments}; only {@code is_default} ever changes. */
@Entity
@Table(name = "fold_assignments")
class FoldAssignmentEntity {

    static final String GENERATED = "generated";
    static final String UPLOADED = "uploaded";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "dataset_id", nullable = false)
    private long datasetId;

    @Column(name = "num_folds", nullable = false)
    private int numFolds;

    @Column(nullable = false)
    private byte[] folds;

    @Column(name = "content_hash", nullable = false)
    private String contentHash;

    @Column(nullable = false)
    private String source;

    @Column(name = "is_default", nullable = false)
    private boolean isDefault;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected FoldAssignmentEntity() {
    }

    FoldAssignmentEntity(long datasetId, int numFolds, byte[] folds, String contentHash, String source,
                         Instant createdAt) {
        this.datasetId = datasetId;
        this.numFolds = numFolds;
        this.folds = folds.clone();
        this.contentHash = contentHash;
        this.source = source;
        this.isDefault = true;
        this.createdAt = createdAt;
    }

    void clearDefault() {
        this.isDefault = false;
    }

    FoldAssignment toRecord() {
        return new FoldAssignment(id, datasetId, numFolds, folds.clone(), contentHash);
    }

    int numFolds() {
        return numFolds;
    }

    String contentHash() {
        return contentHash;
    }

    long datasetId() {
        return datasetId;
    }
}
