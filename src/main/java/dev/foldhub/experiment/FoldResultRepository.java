package dev.foldhub.experiment;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface FoldResultRepository extends JpaRepository<FoldResult, Long> {

    Optional<FoldResult> findByExperimentIdAndFold(long experimentId, int fold);

    List<FoldResult> findByExperimentIdOrderByFold(long experimentId);

    List<FoldResult> findByExperimentIdIn(Collection<Long> experimentIds);
}
