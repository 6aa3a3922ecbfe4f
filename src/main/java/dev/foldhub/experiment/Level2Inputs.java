package dev.foldhub.experiment;

import dev.foldhub.dataset.DatasetService;
import dev.foldhub.dataset.FoldAssignment;
import dev.foldhub.dataset.FoldSplit;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.errors.NotFoundException;
import dev.foldhub.prediction.OofPrediction;
import dev.foldhub.prediction.OofStore;
import dev.foldhub.prediction.TestPrediction;
import dev.foldhub.prediction.TestPredictionStore;
import dev.foldhub.training.InvalidConfigException;
import dev.foldhub.training.Level2Ref;
import dev.foldhub.training.Level2Refs;
import dev.foldhub.training.TrainingConfig;
import dev.foldhub.yaml.YamlLimits;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The input matrices of a level-2 stacker's fold, from the store: a fold's model learns from the members' OOF rows of
 * the other folds and predicts its own fold's rows, so its OOF is honest (the split is the fold assignment's,
 * {@link FoldAssignment#split}); its test rows are each member's test predictions averaged over the member's folds.
 * A member is read one at a time, so a server holds one member's matrices, not all of them.
 */
@Service
public class Level2Inputs {

    private final ExperimentRepository experiments;
    private final Level2Members members;
    private final DatasetService datasets;
    private final OofStore oofs;
    private final TestPredictionStore tests;

    Level2Inputs(ExperimentRepository experiments, Level2Members members, DatasetService datasets, OofStore oofs,
                 TestPredictionStore tests) {
        this.experiments = experiments;
        this.members = members;
        this.datasets = datasets;
        this.oofs = oofs;
        this.tests = tests;
    }

    /** The members and rows of the stacker's fold; 422 naming data.inputs when a member can no longer be stacked. */
    @Transactional(readOnly = true)
    public Level2Plan plan(long experimentId, int fold) {
        Experiment stacker = experiments.findById(experimentId)
                .orElseThrow(() -> new NotFoundException("experiment", experimentId));
        List<Level2Ref> refs;
        try {
            refs = Level2Refs.of(stacker.getConfig(), YamlLimits.DEFAULT);
        } catch (InvalidConfigException e) {
            throw InvalidInputException.unprocessable(e.path(), "experiment " + experimentId + ": " + e.reason());
        }
        if (!TrainingConfig.LEVEL2.equals(stacker.getArch())) {
            throw InvalidInputException.unprocessable(Level2Members.FIELD, "experiment " + experimentId
                    + " is not a level-2 stacker");
        }
        FoldAssignment assignment = datasets.folds(stacker.getFoldAssignmentId());
        List<Experiment> resolved = members.resolve(refs, stacker.getDatasetId(), assignment);
        FoldSplit split = assignment.split(fold);
        return new Level2Plan(experimentId, fold, resolved.stream().map(Experiment::getId).toList(),
                resolved.stream().map(Experiment::getName).toList(), datasets.get(stacker.getDatasetId()).numLabels(),
                assignment.id(), split.train(), split.validation());
    }

    /**
     * Member {@code index}'s OOF rows of the plan's training and validation rows, and its mean test predictions. One
     * stored fold is decoded at a time and copied straight to where its rows go.
     */
    @Transactional(readOnly = true)
    public Level2MemberInputs member(Level2Plan plan, int index) {
        long id = plan.memberIds().get(index);
        FoldAssignment assignment = datasets.folds(plan.foldAssignmentId());
        int classes = plan.classes();
        int n = assignment.folds().length;
        int[] trainAt = positions(plan.trainRows(), n);
        int[] validationAt = positions(plan.validationRows(), n);
        float[] train = new float[plan.trainRows().length * classes];
        float[] validation = new float[plan.validationRows().length * classes];
        for (int f = 0; f < assignment.numFolds(); f++) {
            int fold = f;
            OofPrediction oof = oofs.find(id, fold).orElseThrow(() -> InvalidInputException.unprocessable(
                    Level2Members.FIELD, "member experiment " + id + " has no OOF predictions of fold " + fold));
            int[] rows = assignment.rowsOf(fold);
            if (oof.rows() != rows.length || oof.classes() != classes) {
                throw InvalidInputException.unprocessable(Level2Members.FIELD, "member experiment " + id + " fold "
                        + fold + " has " + oof.rows() + " x " + oof.classes() + " OOF predictions; the fold has "
                        + rows.length + " rows x " + classes + " labels");
            }
            for (int i = 0; i < rows.length; i++) { // the fold's i-th OOF row is train.csv row rows[i]
                int row = rows[i];
                if (trainAt[row] >= 0) {
                    System.arraycopy(oof.probabilities(), i * classes, train, trainAt[row] * classes, classes);
                } else if (validationAt[row] >= 0) {
                    System.arraycopy(oof.probabilities(), i * classes, validation, validationAt[row] * classes, classes);
                }
            }
        }
        float[] test = meanTest(id, classes);
        return new Level2MemberInputs(id, train, validation, test, test == null ? 0 : test.length / classes);
    }

    /** at[row] = the row's position in {@code rows}, -1 when it is not there. */
    private static int[] positions(int[] rows, int n) {
        int[] at = new int[n];
        java.util.Arrays.fill(at, -1);
        for (int i = 0; i < rows.length; i++) {
            at[rows[i]] = i;
        }
        return at;
    }

    /** The mean over the member's folds of each fold's newest test predictions; null when it has none. */
    private float[] meanTest(long memberId, int classes) {
        Map<Integer, TestPrediction> newest = new TreeMap<>();
        tests.forExperiment(memberId).forEach(p -> newest.put(p.fold(), p)); // ordered by fold, id: the last wins
        if (newest.isEmpty()) {
            return null;
        }
        float[] sum = null;
        for (TestPrediction p : newest.values()) {
            if (sum == null) {
                sum = new float[p.probabilities().length];
            }
            if (p.classes() != classes || p.probabilities().length != sum.length) {
                throw InvalidInputException.unprocessable(Level2Members.FIELD, "member experiment " + memberId
                        + "'s test predictions of fold " + p.fold() + " are " + p.rows() + " x " + p.classes()
                        + ", unlike its other folds' or the data set's " + classes + " labels");
            }
            float[] x = p.probabilities();
            for (int i = 0; i < x.length; i++) {
                sum[i] += x[i];
            }
        }
        float n = newest.size();
        for (int i = 0; i < sum.length; i++) { // mean over folds
            sum[i] /= n;
        }
        return sum;
    }
}
