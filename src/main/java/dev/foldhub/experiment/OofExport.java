package dev.foldhub.experiment;

import dev.foldhub.prediction.Level1FileName;
import dev.foldhub.prediction.Npy;
import dev.foldhub.prediction.OofPrediction;
import dev.foldhub.prediction.OofStore;
import dev.foldhub.web.NotFoundException;
import org.springframework.stereotype.Service;

/** A fold's OOF predictions as the reference's level1_train_*.npy file (probabilities minus threshold). */
@Service
public class OofExport {

    private final ExperimentService experiments;
    private final OofStore oofStore;

    public OofExport(ExperimentService experiments, OofStore oofStore) {
        this.experiments = experiments;
        this.oofStore = oofStore;
    }

    public OofFile foldFile(long experimentId, int fold) {
        Experiment experiment = experiments.find(experimentId);
        OofPrediction oof = oofStore.find(experimentId, fold)
                .orElseThrow(() -> new NotFoundException("OOF predictions of experiment " + experimentId + " fold", fold));
        String name = new Level1FileName(experiment.getName(), fold, oof.epoch(), oof.f2()).train();
        return new OofFile(name, Npy.writeFloat32(oof.centered(), oof.rows(), oof.classes()));
    }
}
