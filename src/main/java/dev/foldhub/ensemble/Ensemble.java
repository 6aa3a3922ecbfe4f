package dev.foldhub.ensemble;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A blend of experiments: what was asked (members, method) and what the search found. */
@Entity
@Table(name = "ensembles")
class Ensemble {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String name;

    @Column(name = "dataset_id", nullable = false)
    private long datasetId;

    @Column(name = "fold_assignment_id", nullable = false)
    private long foldAssignmentId;

    @Column(nullable = false)
    private String method;

    @Column(nullable = false)
    private String source;

    @Column(name = "chosen_method")
    private String chosenMethod;

    @Column(name = "oof_f2")
    private Double oofF2;

    @Column(name = "equal_weight_f2")
    private Double equalWeightF2;

    @Column(name = "nested_cv_f2")
    private Double nestedCvF2;

    private Integer evaluations;

    private Double seconds;

    @Column(name = "load_seconds")
    private Double loadSeconds;

    @Column(name = "search_seconds")
    private Double searchSeconds;

    @Column(name = "nested_cv_seconds")
    private Double nestedCvSeconds;

    @Column(name = "tuning_seconds")
    private Double tuningSeconds;

    @Column(name = "tuned_threshold")
    private Double tunedThreshold;

    @Column(name = "tuned_f2")
    private Double tunedF2;

    @Column(name = "culture_threshold")
    private Double cultureThreshold;

    @Column(name = "tag_threshold")
    private Double tagThreshold;

    @Column(name = "group_tuned_f2")
    private Double groupTunedF2;

    /** JSON of the chosen post-processing rule and its report ({@link PostprocessView}); null until computed. */
    private String postprocess;

    /** JSON of the rule the blend request gave ({@link PostprocessSpec}); null: search one. */
    @Column(name = "postprocess_request")
    private String postprocessRequest;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** The folds blended, comma-separated (null: made before V18, every fold); see EnsembleFolds. */
    private String folds;

    @Column(name = "num_rows")
    private Integer numRows;

    @Column(nullable = false)
    private boolean partial;

    @OneToMany(mappedBy = "ensemble", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
    @OrderBy("position")
    private List<EnsembleMember> members = new ArrayList<>();

    protected Ensemble() {
    }

    Ensemble(String name, long datasetId, long foldAssignmentId, String method, String source, Instant createdAt) {
        this.name = name;
        this.datasetId = datasetId;
        this.foldAssignmentId = foldAssignmentId;
        this.method = method;
        this.source = source;
        this.createdAt = createdAt;
    }

    void addMember(long experimentId, Double weight) {
        members.add(new EnsembleMember(this, experimentId, members.size(), weight));
    }

    /** Fixes the folds the blend uses (and so the OOF rows its job loads). */
    void useFolds(EnsembleFolds.Used used) {
        this.folds = EnsembleFolds.format(used.folds());
        this.numRows = used.rows();
        this.partial = used.partial();
    }

    /** Stores the search's outcome; weights in member order. */
    void recordSearch(BlendOutcome outcome) {
        this.chosenMethod = outcome.method();
        this.oofF2 = outcome.oofF2();
        this.equalWeightF2 = outcome.equalWeightF2();
        this.nestedCvF2 = outcome.nestedCvF2();
        this.evaluations = outcome.evaluations();
        this.seconds = outcome.timings().total();
        this.loadSeconds = outcome.timings().load();
        this.searchSeconds = outcome.timings().search();
        this.nestedCvSeconds = outcome.timings().nestedCv();
        this.tuningSeconds = outcome.timings().tuning();
        this.tunedThreshold = outcome.tunedThreshold();
        this.tunedF2 = outcome.tunedF2();
        this.cultureThreshold = outcome.cultureThreshold();
        this.tagThreshold = outcome.tagThreshold();
        this.groupTunedF2 = outcome.groupTunedF2();
        for (int i = 0; i < members.size(); i++) {
            members.get(i).setWeight(outcome.weights()[i]);
        }
    }

    void setOofF2(Double oofF2) {
        this.oofF2 = oofF2;
    }

    String getPostprocess() {
        return postprocess;
    }

    void setPostprocess(String postprocess) {
        this.postprocess = postprocess;
    }

    String getPostprocessRequest() {
        return postprocessRequest;
    }

    void setPostprocessRequest(String postprocessRequest) {
        this.postprocessRequest = postprocessRequest;
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

    String getMethod() {
        return method;
    }

    String getSource() {
        return source;
    }

    String getChosenMethod() {
        return chosenMethod;
    }

    Double getOofF2() {
        return oofF2;
    }

    Double getEqualWeightF2() {
        return equalWeightF2;
    }

    Double getNestedCvF2() {
        return nestedCvF2;
    }

    Integer getEvaluations() {
        return evaluations;
    }

    Double getSeconds() {
        return seconds;
    }

    Double getLoadSeconds() {
        return loadSeconds;
    }

    Double getSearchSeconds() {
        return searchSeconds;
    }

    Double getNestedCvSeconds() {
        return nestedCvSeconds;
    }

    Double getTuningSeconds() {
        return tuningSeconds;
    }

    Double getTunedThreshold() {
        return tunedThreshold;
    }

    Double getTunedF2() {
        return tunedF2;
    }

    Double getCultureThreshold() {
        return cultureThreshold;
    }

    Double getTagThreshold() {
        return tagThreshold;
    }

    Double getGroupTunedF2() {
        return groupTunedF2;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    String getFolds() {
        return folds;
    }

    Integer getNumRows() {
        return numRows;
    }

    boolean isPartial() {
        return partial;
    }

    List<EnsembleMember> getMembers() {
        return members;
    }
}
