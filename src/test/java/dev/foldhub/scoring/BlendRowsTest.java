package dev.foldhub.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.foldhub.prediction.Float16;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Guards runs of rows appended to a builder: rows filled into runs of any sizes (empty ones included) and appended in
 * order give the evaluator that rows added one by one give, over more rows than the builder gathers in one run, and
 * both score as the dense blend does (F2 at thresholds from the tier's bound up).
 */
class BlendRowsTest {

    private static final int ROWS = 2600;
    private static final int CLASSES = 30;
    private static final int MODELS = 3;

    @Test
    void runsAppendedInOrderBuildTheEvaluatorOfRowsAddedOneByOne() {
        SplittableRandom random = new SplittableRandom(11);
        int[][] labels = new int[ROWS][];
        for (int r = 0; r < ROWS; r++) {
            labels[r] = random.ints(0, CLASSES).distinct().limit(random.nextInt(0, 5)).sorted().toArray();
        }
        // true classes a little higher: the tier under the margin holds some of them, so its rows' offsets matter
        float[][] x = new float[MODELS][ROWS * CLASSES];
        for (int r = 0; r < ROWS; r++) {
            for (int label : labels[r]) {
                for (float[] model : x) {
                    model[r * CLASSES + label] = 0.2f;
                }
            }
        }
        for (float[] model : x) {
            for (int i = 0; i < model.length; i++) {
                model[i] = Float16.toFloat(Float16.fromFloat(model[i] + (float) (random.nextDouble() * 0.4 - 0.35)));
            }
        }
        int[] groups = new int[CLASSES];
        for (int c = 0; c < CLASSES; c++) {
            groups[c] = c < 10 ? 0 : 1;
        }
        BlendEvaluatorBuilder oneByOne = new BlendEvaluatorBuilder(MODELS, CLASSES, groups, 0f, -0.1f, 4);
        BlendEvaluatorBuilder byRuns = new BlendEvaluatorBuilder(MODELS, CLASSES, groups, 0f, -0.1f, 4);
        BlendRows run = byRuns.newRows();
        for (int r = 0; r < ROWS; r++) {
            oneByOne.addRow(x, r * CLASSES, labels[r]);
            if (r % 97 == 0) { // the run so far, then a row on its own
                byRuns.addRows(run);
                run.clear();
                byRuns.addRow(x, r * CLASSES, labels[r]);
                continue;
            }
            run.addRow(x, r * CLASSES, labels[r]);
            if (random.nextInt(40) == 0 || r == ROWS - 1) {
                byRuns.addRows(run);
                run.clear();
                byRuns.addRows(run); // an empty run adds nothing
            }
        }
        BlendEvaluator a = oneByOne.build();
        BlendEvaluator b = byRuns.build();
        assertThat(b.rows()).isEqualTo(a.rows()).isEqualTo(ROWS);
        assertThat(b.candidates()).isEqualTo(a.candidates()).isPositive();
        assertThat(b.belowCandidates()).isEqualTo(a.belowCandidates()).isPositive();
        // what the tier was offered depends on when each run's level rose with the floor; what it holds does not
        assertThat(b.belowOffered()).isGreaterThanOrEqualTo(b.belowCandidates());
        assertThat(b.belowFloor()).isEqualTo(a.belowFloor()).isGreaterThan(-0.1f);
        for (int trial = 0; trial < 10; trial++) {
            double[] w = random.doubles(MODELS, 0.1, 1).toArray();
            double lowest = a.minExactThreshold(w);
            for (double t : new double[] {0, 0.05, lowest, lowest / 2}) {
                assertThat(b.f2(w, t)).isEqualTo(a.f2(w, t)).isCloseTo(denseF2(x, labels, w, t), within(1e-12));
            }
        }
        assertThatThrownBy(() -> byRuns.addRows(run)).isInstanceOf(IllegalStateException.class);
    }

    private static double denseF2(float[][] x, int[][] labels, double[] w, double t) {
        float[] predicted = new float[ROWS * CLASSES];
        for (int i = 0; i < predicted.length; i++) {
            double s = 0;
            for (int m = 0; m < MODELS; m++) {
                s += w[m] * x[m][i];
            }
            predicted[i] = s > t ? 1f : 0f;
        }
        return F2Score.sampleAveraged(predicted, labels, CLASSES, 0.5);
    }

    @Test
    void aRunIgnoresPositionsOnlyBetweenTheTiersLowestMarginAndTheMargin() {
        // guards: a run's level (the floor a loader already reached) never drops what the tier may still need (a level
        // under its lowest margin) nor a candidate (a level above the margin); at the floor so far it is accepted
        BlendEvaluatorBuilder builder = new BlendEvaluatorBuilder(MODELS, CLASSES, null, 0f, -0.1f, 4);
        BlendRows run = builder.newRows();
        assertThatThrownBy(() -> run.clear(-0.2f)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> run.clear(0.01f)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> run.clear(Float.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThat(builder.floor()).isLessThanOrEqualTo(-0.1f);
        run.clear(builder.floor());
        run.clear(0f);
        assertThat(run.rows()).isZero();
    }
}
