package dev.foldhub.errorbrowser;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.DatasetTable;
import dev.foldhub.dataset.FoldAssignment;
import dev.foldhub.ensemble.EnsembleBlend;
import dev.foldhub.ensemble.EnsembleService;
import dev.foldhub.errors.ConflictException;
import dev.foldhub.experiment.ExperimentService;
import dev.foldhub.experiment.ExperimentView;
import dev.foldhub.prediction.OofStore;
import dev.foldhub.prediction.StoredOof;
import dev.foldhub.scoring.oof.OofErrorSettings;
import dev.foldhub.scoring.oof.OofErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.stereotype.Component;

/**
 * Feeds the stored OOF predictions of an experiment or an ensemble's members, fold by fold and row by row in their
 * stored encoding, into an {@link OofErrors}. A fold some member lacks is left out (the analysis covers the rows
 * every member has); no row at all is a 409.
 */
@Component
class OofErrorLoader {

    private final ExperimentService experiments;
    private final EnsembleService ensembles;
    private final DatasetService datasets;
    private final OofStore oofStore;

    OofErrorLoader(ExperimentService experiments, EnsembleService ensembles, DatasetService datasets,
                   OofStore oofStore) {
        this.experiments = experiments;
        this.ensembles = ensembles;
        this.datasets = datasets;
        this.oofStore = oofStore;
    }

    /** The subject a target names; 404 when it does not exist, 409 for an ensemble whose search has not finished. */
    OofSubject subject(OofTarget target) {
        if (!target.isEnsemble()) {
            ExperimentView e = experiments.get(target.id());
            return new OofSubject(target.kind(), e.id(), e.datasetId(), e.foldAssignmentId(), List.of(e.id()),
                    List.of(e.name()), new double[] {1}, null);
        }
        EnsembleBlend blend = ensembles.blend(target.id());
        if (!blend.weighted()) {
            throw new ConflictException("ensemble " + blend.id() + " has no weights yet (its blend search has not finished)");
        }
        List<Long> members = blend.members().stream().map(EnsembleBlend.Member::experimentId).toList();
        double[] weights = blend.members().stream().mapToDouble(EnsembleBlend.Member::weight).toArray();
        List<String> names = members.stream().map(experiments::name).toList();
        return new OofSubject(target.kind(), blend.id(), blend.datasetId(), blend.foldAssignmentId(), members, names,
                weights, blend.folds());
    }

    OofErrorAnalysis load(OofSubject subject, OofErrorSettings settings) {
        DatasetTable table = datasets.table(subject.datasetId());
        FoldAssignment assignment = datasets.folds(subject.foldAssignmentId());
        int classes = table.attributeIds().size();
        int models = subject.members().size();
        OofErrors errors = new OofErrors(classes, models, settings);
        float[][] probs = new float[models][classes];
        float[] thresholds = new float[models];
        float[] score = new float[classes];
        List<Integer> folds = subject.folds() != null ? subject.folds()
                : IntStream.range(0, assignment.numFolds()).boxed().toList();
        for (int fold : folds) {
            List<StoredOof> stored = stored(subject, fold, assignment.rowsOf(fold).length, classes);
            if (stored == null) {
                continue;
            }
            int[] rows = assignment.rowsOf(fold);
            for (int m = 0; m < models; m++) {
                thresholds[m] = (float) stored.get(m).threshold();
            }
            for (int i = 0; i < rows.length; i++) { // fold row i is train.csv row rows[i]
                java.util.Arrays.fill(score, 0);
                for (int m = 0; m < models; m++) {
                    stored.get(m).decodeRow(i, 0, probs[m]);
                    float w = (float) subject.weights()[m];
                    for (int c = 0; c < classes; c++) {
                        score[c] += w * (probs[m][c] - thresholds[m]); // s = sum_m w_m (p_m - t_m)
                    }
                }
                errors.addRow(rows[i], table.trainLabels()[rows[i]], score, probs, thresholds);
            }
        }
        if (errors.rows() == 0) {
            throw new ConflictException(subject.kind() + " " + subject.id() + " has no OOF predictions yet");
        }
        return new OofErrorAnalysis(subject, table, errors);
    }

    /** Every member's stored fold, or null when one lacks it; 409 when one's shape is not the fold's. */
    private List<StoredOof> stored(OofSubject subject, int fold, int rows, int classes) {
        List<StoredOof> stored = new ArrayList<>();
        for (long member : subject.members()) {
            StoredOof oof = oofStore.findStored(member, fold).orElse(null);
            if (oof == null) {
                return null;
            }
            if (oof.rows() != rows || oof.classes() != classes) {
                throw new ConflictException("the OOF predictions of experiment " + member + " fold " + fold + " are "
                        + oof.rows() + " x " + oof.classes() + ", its data set's fold has " + rows + " x " + classes);
            }
            stored.add(oof);
        }
        return stored;
    }
}
