package dev.foldhub.experiment;

import java.io.IOException;
import java.io.InputStream;
import org.springframework.stereotype.Service;

/**
 * Logging a fold's OOF predictions of a model trained elsewhere, for other features (an MLflow run's
 * {@code oof.npy} artifact): the same checks and storage as {@code PUT /api/experiments/{id}/folds/{fold}/oof}.
 */
@Service
public class ExternalPredictions {

    private final ExternalOof oof;

    ExternalPredictions(ExternalOof oof) {
        this.oof = oof;
    }

    /** See {@link ExternalOof#log}: an InvalidInputException, NotFoundException or ConflictException stores nothing. */
    public void logOof(long experimentId, int fold, double threshold, InputStream npy, long length) throws IOException {
        oof.log(experimentId, fold, threshold, null, npy, length);
    }
}
