package dev.foldhub.experiment;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface EpochMetricRepository extends JpaRepository<EpochMetric, Long> {

    Optional<EpochMetric> findByExperimentIdAndFoldAndEpoch(long experimentId, int fold, int epoch);

    List<EpochMetric> findByExperimentIdAndFoldOrderByEpoch(long experimentId, int fold);

    List<EpochMetric> findByExperimentId(long experimentId);
}
