package dev.foldhub.experiment;

import dev.foldhub.prediction.Npy;
import dev.foldhub.prediction.OofPrediction;
import dev.foldhub.prediction.OofStore;
import dev.foldhub.web.NotFoundException;
import java.util.Locale;
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
        // the reference's name: level1_train_<config>_f<fold>_e<epoch:02d>_<score:.4f>.npy
        String name = String.format(Locale.ROOT, "level1_train_%s_f%d_e%02d_%.4f.npy", experiment.getName(), fold,
                oof.epoch(), oof.f2());
        return new OofFile(name, Npy.writeFloat32(oof.centered(), oof.rows(), oof.classes()));
    }
}
