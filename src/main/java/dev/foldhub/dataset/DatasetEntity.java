package dev.foldhub.dataset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code datasets}; immutable once registered. */
@Entity
@Table(name = "datasets")
class DatasetEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true)
    private String name;

    @Column(nullable = false)
    private String path;

    @Column(name = "num_labels", nullable = false)
    private int numLabels;

    @Column(name = "num_train", nullable = false)
    private int numTrain;

    @Column(name = "num_test", nullable = false)
    private int numTest;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected DatasetEntity() {
    }

    DatasetEntity(String name, String path, int numLabels, int numTrain, int numTest, Instant createdAt) {
        this.name = name;
        this.path = path;
        this.numLabels = numLabels;
        this.numTrain = numTrain;
        this.numTest = numTest;
        this.createdAt = createdAt;
    }

    Long id() {
        return id;
    }

    String name() {
        return name;
    }

    String path() {
        return path;
    }

    int numLabels() {
        return numLabels;
    }

    int numTrain() {
        return numTrain;
    }

    int numTest() {
        return numTest;
    }

    Instant createdAt() {
        return createdAt;
    }
}
