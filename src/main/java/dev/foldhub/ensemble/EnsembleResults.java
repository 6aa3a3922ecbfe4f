package dev.foldhub.ensemble;

import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The blend job's reads and writes of an ensemble, each in its own short transaction. */
@Component
class EnsembleResults {

    /** What a blend job needs to know about its ensemble; folds: those fixed at creation, the rows it loads. */
    record Request(String name, long datasetId, long foldAssignmentId, List<Long> experimentIds, BlendMethod method,
                   List<Integer> folds) {
    }

    private final EnsembleService ensembles;
    private final EnsembleRepository repository;
    private final EnsembleFolds folds;

    EnsembleResults(EnsembleService ensembles, EnsembleRepository repository, EnsembleFolds folds) {
        this.ensembles = ensembles;
        this.repository = repository;
        this.folds = folds;
    }

    @Transactional(readOnly = true)
    Request request(long ensembleId) {
        Ensemble e = ensembles.find(ensembleId);
        return new Request(e.getName(), e.getDatasetId(), e.getFoldAssignmentId(),
                e.getMembers().stream().map(EnsembleMember::getExperimentId).toList(), BlendMethod.parse(e.getMethod()),
                folds.of(e).folds());
    }

    @Transactional
    void record(long ensembleId, BlendOutcome outcome) {
        Ensemble e = ensembles.find(ensembleId);
        e.recordSearch(outcome);
        repository.save(e);
    }

    @Transactional(readOnly = true)
    String postprocessRequest(long ensembleId) {
        return ensembles.find(ensembleId).getPostprocessRequest();
    }

    @Transactional
    void recordPostprocess(long ensembleId, PostprocessView view) {
        Ensemble e = ensembles.find(ensembleId);
        e.setPostprocess(PostprocessJson.write(view));
        repository.save(e);
    }
}
