package dev.foldhub.dataset;

import dev.foldhub.errors.NotFoundException;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface DatasetRepository extends JpaRepository<DatasetEntity, Long> {

    Optional<DatasetEntity> findByName(String name);

    boolean existsByName(String name);

    List<DatasetEntity> findAllByOrderByIdAsc();

    /** why: serialises default-fold replacements of one data set (no partial unique index on H2). */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select d from DatasetEntity d where d.id = ?1")
    Optional<DatasetEntity> lockById(long id);

    /** The data set with this id: a 404 when there is none. */
    default DatasetEntity findExisting(long id) {
        return findById(id).orElseThrow(() -> new NotFoundException("dataset", id));
    }
}
