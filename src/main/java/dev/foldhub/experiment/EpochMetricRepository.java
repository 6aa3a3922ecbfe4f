package dev.foldhub.experiment;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface EpochMetricRepository extends JpaRepository<EpochMetric, Long> {

    Optional<EpochMetric> findByExperimentIdAndFoldAndEpoch(long experimentId, int fold, int epoch);

    List<EpochMetric> findByExperimentIdAndFoldOrderByEpoch(long experimentId, int fold);

    List<EpochMetric> findByExperimentId(long experimentId);

    /** Per experiment and fold, the last validated epoch: rows of {experimentId, fold, epoch}. */
    @Query("SELECT m.experimentId, m.fold, MAX(m.epoch) FROM EpochMetric m GROUP BY m.experimentId, m.fold")
    List<Object[]> lastEpochs();

    /** {@link #lastEpochs()} of some experiments only. */
    @Query("SELECT m.experimentId, m.fold, MAX(m.epoch) FROM EpochMetric m WHERE m.experimentId IN :ids"
            + " GROUP BY m.experimentId, m.fold")
    List<Object[]> lastEpochsOf(@Param("ids") Collection<Long> ids);
}
