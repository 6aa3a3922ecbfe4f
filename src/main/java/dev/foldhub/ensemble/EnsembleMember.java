package dev.foldhub.ensemble;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** One experiment of an ensemble and its blend weight (null until the search has run). */
@Entity
@Table(name = "ensemble_members")
class EnsembleMember {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "ensemble_id")
    private Ensemble ensemble;

    @Column(name = "experiment_id", nullable = false)
    private long experimentId;

    @Column(nullable = false)
    private int position;

    private Double weight;

    protected EnsembleMember() {
    }

    EnsembleMember(Ensemble ensemble, long experimentId, int position, Double weight) {
        this.ensemble = ensemble;
        this.experimentId = experimentId;
        this.position = position;
        this.weight = weight;
    }

    long getExperimentId() {
        return experimentId;
    }

    Double getWeight() {
        return weight;
    }

    void setWeight(Double weight) {
        this.weight = weight;
    }
}
