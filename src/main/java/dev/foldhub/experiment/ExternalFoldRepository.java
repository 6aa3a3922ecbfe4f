package dev.foldhub.experiment;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface ExternalFoldRepository extends JpaRepository<ExternalFold, Long> {

    Optional<ExternalFold> findByExperimentIdAndFold(long experimentId, int fold);

    List<ExternalFold> findByExperimentIdOrderByFold(long experimentId);

    List<ExternalFold> findByExperimentIdIn(Collection<Long> experimentIds);
}
