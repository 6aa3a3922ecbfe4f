package dev.foldhub.dataset;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface FoldAssignmentRepository extends JpaRepository<FoldAssignmentEntity, Long> {

    @Query("select f from FoldAssignmentEntity f where f.datasetId = ?1 and f.isDefault = true order by f.id desc")
    List<FoldAssignmentEntity> findDefaults(long datasetId);

    List<FoldAssignmentEntity> findByDatasetIdOrderByIdDesc(long datasetId);

    @Query("select f from FoldAssignmentEntity f where f.isDefault = true")
    List<FoldAssignmentEntity> findAllDefaults();

    default Optional<FoldAssignmentEntity> findDefault(long datasetId) {
        return findDefaults(datasetId).stream().findFirst();
    }

    /** Every registered data set has a default assignment; none is a broken database, not a user's mistake. */
    default FoldAssignmentEntity requireDefault(long datasetId) {
        return findDefault(datasetId)
                .orElseThrow(() -> new IllegalStateException("dataset " + datasetId + " has no default folds"));
    }
}
