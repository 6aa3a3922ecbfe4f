package dev.foldhub.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.foldhub.scoring.ThresholdGrid;
import dev.foldhub.scoring.ThresholdSearch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackerTrainerTest {

    /** Wide enough that no blend is held back by the grid (the reference's 0.05-0.25 would favour the stacker). */
    private static final ThresholdGrid GRID = new ThresholdGrid(0.01, 0.99, 99);

    private static final String CONFIG = """
            model: {arch: level2, dropout: 0.1}
            data: {inputs: [a, b]}
            train: {batch_size: 32, num_epochs: 25}
            optimizer: {name: adam, params: {lr: 0.01}}
            loss: {name: binary_cross_entropy}
            """;

    @TempDir
    Path dir;

    @Test
    void stackerBeatsBothMembersAndTheirBestBlendWhenEachIsRightOnOneLabelGroup() {
        // guards that the level-2 network learns per-label trust: member A is right on culture::, B on tag::
        TwoExpertsData synthetic = new TwoExpertsData(600, 7);
        TrainingConfig config = TrainingConfigParser.parse(CONFIG);
        float[] oof = new float[synthetic.rows * TwoExpertsData.CLASSES];
        for (int k = 0; k < TwoExpertsData.FOLDS; k++) {
            StackingData fold = synthetic.fold(k, 42 + k);
            StackerOutcome outcome = new StackerTrainer(Device.cpu()).train(config, fold, GRID,
                    new FoldCheckpoints(dir.resolve("f" + k), "stack", k), TrainingProgress.NONE);
            assertThat(Files.exists(outcome.fold().checkpoint())).isTrue();
            int[] ids = fold.validationRowIds();
            for (int i = 0; i < ids.length; i++) {
                System.arraycopy(outcome.fold().oofProbabilities(), i * TwoExpertsData.CLASSES, oof,
                        ids[i] * TwoExpertsData.CLASSES, TwoExpertsData.CLASSES);
            }
        }
        double stacker = f2(oof, synthetic);
        double a = f2(synthetic.memberA, synthetic);
        double b = f2(synthetic.memberB, synthetic);
        double bestBlend = 0;
        double bestWeight = 0;
        for (int i = 0; i <= 20; i++) { // blend = w A + (1 - w) B, each at its own best threshold
            double w = i / 20.0;
            float[] blend = new float[oof.length];
            for (int j = 0; j < blend.length; j++) {
                blend[j] = (float) (w * synthetic.memberA[j] + (1 - w) * synthetic.memberB[j]);
            }
            double f2 = f2(blend, synthetic);
            if (f2 > bestBlend) {
                bestBlend = f2;
                bestWeight = w;
            }
        }
        System.out.printf("stacker OOF F2 %.4f; member A %.4f, member B %.4f, best blend %.4f (w_A %.2f)%n",
                stacker, a, b, bestBlend, bestWeight);
        assertThat(stacker).isGreaterThan(a).isGreaterThan(b).isGreaterThan(bestBlend + 0.02);
    }

    @Test
    void foldModelNeverSeesItsOwnRowsLabels() {
        // guards honest OOF: fold 0's predictions do not change when fold 0's rows' labels are scrambled, because
        // only the other folds' rows reach its training
        TwoExpertsData synthetic = new TwoExpertsData(200, 3);
        TrainingConfig config = TrainingConfigParser.parse(CONFIG).toBuilder().numEpochs(3).build();
        StackingData fold = synthetic.fold(0, 5);
        for (int id : fold.trainRowIds()) {
            assertThat(synthetic.foldOf(id)).isNotZero();
        }
        int[][] scrambled = new int[fold.validationLabels().length][];
        for (int i = 0; i < scrambled.length; i++) {
            scrambled[i] = new int[] {(i * 7) % TwoExpertsData.CLASSES};
        }
        StackingData other = new StackingData(fold.members(), fold.classes(), fold.train(), fold.trainLabels(),
                fold.trainRowIds(), fold.validation(), scrambled, fold.validationRowIds(), null, 0, fold.seed());
        float[] first = new StackerTrainer(Device.cpu()).train(config, fold, GRID,
                new FoldCheckpoints(dir.resolve("a"), "s", 0), TrainingProgress.NONE).fold().oofProbabilities();
        // one epoch only: the best epoch is chosen on validation labels, so it may differ between the two runs
        TrainingConfig one = config.toBuilder().numEpochs(1).build();
        float[] x = new StackerTrainer(Device.cpu()).train(one, fold, GRID,
                new FoldCheckpoints(dir.resolve("b"), "s", 0), TrainingProgress.NONE).fold().oofProbabilities();
        float[] y = new StackerTrainer(Device.cpu()).train(one, other, GRID,
                new FoldCheckpoints(dir.resolve("c"), "s", 0), TrainingProgress.NONE).fold().oofProbabilities();
        assertThat(first).hasSize(x.length);
        assertThat(y).containsExactly(x, org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void testRowsArePredictedByTheBestEpochsModel() {
        // guards that a stacker fold predicts the test rows (the members' test predictions) with its kept model
        TwoExpertsData synthetic = new TwoExpertsData(100, 11);
        StackingData fold = synthetic.fold(1, 9);
        int[] ids = fold.validationRowIds();
        StackingData withTest = new StackingData(2, TwoExpertsData.CLASSES, fold.train(), fold.trainLabels(),
                fold.trainRowIds(), fold.validation(), fold.validationLabels(), ids, fold.validation(), ids.length, 9);
        StackerOutcome outcome = new StackerTrainer(Device.cpu()).train(
                TrainingConfigParser.parse(CONFIG).toBuilder().numEpochs(3).build(), withTest, GRID,
                new FoldCheckpoints(dir, "s", 1), TrainingProgress.NONE);
        // the test rows are the validation rows here, so the best epoch's test predictions are its OOF
        assertThat(outcome.test()).containsExactly(outcome.fold().oofProbabilities(),
                org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(outcome.testRows()).isEqualTo(ids.length);
        assertThat(outcome.fold().epochs()).hasSize(3);
    }

    private static double f2(float[] probabilities, TwoExpertsData data) {
        return ThresholdSearch.best(probabilities, data.labels, TwoExpertsData.CLASSES, GRID).f2();
    }

    @Test
    void interleaveLaysFeaturesOutMemberMajorPerRow() {
        // guards the feature layout the network and the worker agree on: row r, member m, class c at (r M + m) C + c
        float[] x = StackingData.interleave(List.of(new float[] {1, 2, 3, 4}, new float[] {5, 6, 7, 8}), 2, 2);
        assertThat(x).containsExactly(1, 2, 5, 6, 3, 4, 7, 8);
    }
}
