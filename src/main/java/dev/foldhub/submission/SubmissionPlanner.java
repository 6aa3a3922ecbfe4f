package dev.foldhub.submission;

import dev.foldhub.StorageProperties;
import dev.foldhub.ensemble.EnsembleBlend;
import dev.foldhub.experiment.ExperimentModel;
import dev.foldhub.experiment.ExperimentModels;
import dev.foldhub.experiment.FoldModel;
import dev.foldhub.prediction.TestPredictionStore;
import dev.foldhub.errors.InvalidInputException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Works out what a submission needs: per weighted member and fold the ensemble blends (all folds, or a partial
 * ensemble's common folds), stored test predictions with the asked TTA settings, or else a checkpoint to predict
 * with. Anything missing is one 422 naming every missing fold.
 */
@Component
class SubmissionPlanner {

    /** One fold model to blend; needsJob when its test predictions must be computed first. */
    record Planned(long experimentId, int fold, Integer numTtas, String combine, boolean needsJob) {
    }

    private final ExperimentModels models;
    private final TestPredictionStore testStore;
    private final StorageProperties storage;

    SubmissionPlanner(ExperimentModels models, TestPredictionStore testStore, StorageProperties storage) {
        this.models = models;
        this.testStore = testStore;
        this.storage = storage;
    }

    List<Planned> plan(EnsembleBlend ensemble, Integer ttas, String combine) {
        List<Planned> plan = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (EnsembleBlend.Member member : ensemble.members()) {
            if (member.weight() == 0) {
                continue; // why: a zero-weight model changes nothing, so it is not worth its inference time
            }
            ExperimentModel m = models.of(member.experimentId());
            for (int fold : ensemble.folds()) {
                String what = "experiment " + m.id() + " (" + m.name() + ") fold " + fold;
                boolean stacker = m.config() != null && m.config().level2();
                if (m.imported() || stacker) { // a stacker's fold stored its test predictions when it trained
                    if (testStore.exists(m.id(), fold, null, combine)) {
                        plan.add(new Planned(m.id(), fold, null, combine, false));
                    } else {
                        missing.add(what + (stacker ? " is a level-2 stacker without test predictions (a member had"
                                + " none when it trained)" : " was imported without level1_test predictions"));
                    }
                    continue;
                }
                int t = ttas != null ? ttas : m.config().numTtas();
                if (testStore.exists(m.id(), fold, t, combine)) {
                    plan.add(new Planned(m.id(), fold, t, combine, false));
                } else if (hasCheckpoint(m, fold)) {
                    plan.add(new Planned(m.id(), fold, t, combine, true));
                } else {
                    missing.add(what + " has no checkpoint and no test predictions with ttas=" + t);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw InvalidInputException.unprocessable("ensemble",
                    "cannot predict the test set: " + String.join("; ", missing));
        }
        if (plan.isEmpty()) {
            throw InvalidInputException.unprocessable("ensemble", "every member has weight 0");
        }
        return plan;
    }

    private boolean hasCheckpoint(ExperimentModel m, int fold) {
        return m.folds().stream().filter(f -> f.fold() == fold).map(FoldModel::checkpoint)
                .anyMatch(c -> c != null && Files.isRegularFile(storage.artifactsDir().resolve(c)));
    }
}
