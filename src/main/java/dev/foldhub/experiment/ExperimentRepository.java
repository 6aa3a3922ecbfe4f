package dev.foldhub.experiment;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.JpaRepository;

interface ExperimentRepository extends JpaRepository<Experiment, Long> {

    List<Experiment> findAllByOrderByIdDesc();

    List<Experiment> findByNameOrderByIdDesc(String name);

    /** Experiments of a source whose config starts with {@code prefix} (an import's first line names its model). */
    List<Experiment> findBySourceAndConfigStartingWith(String source, String prefix);

    /** The experiment, its row locked until the transaction ends (SELECT ... FOR UPDATE). */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    Optional<Experiment> findWithLockById(long id);
}
