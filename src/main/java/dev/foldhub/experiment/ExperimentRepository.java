package dev.foldhub.experiment;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface ExperimentRepository extends JpaRepository<Experiment, Long> {

    List<Experiment> findAllByOrderByIdDesc();

    List<Experiment> findByNameOrderByIdDesc(String name);
}
