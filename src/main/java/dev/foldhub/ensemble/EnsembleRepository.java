package dev.foldhub.ensemble;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface EnsembleRepository extends JpaRepository<Ensemble, Long> {

    List<Ensemble> findAllByOrderByIdDesc();
}
