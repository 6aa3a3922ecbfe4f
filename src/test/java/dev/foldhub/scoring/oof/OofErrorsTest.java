package dev.foldhub.scoring.oof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.foldhub.scoring.F2Score;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** OofErrors against brute force over a whole random matrix, and its suspects on labels removed on purpose. */
class OofErrorsTest {

    private static final int ROWS = 300;
    private static final int CLASSES = 12;
    private static final float T = 0.4f;

    // guards: support, predicted, tp, precision, recall and f2Contribution equal brute force recomputation of F2
    @Test
    void perLabelStatsMatchBruteForce() {
        Random random = new Random(11);
        int[][] labels = randomLabels(random);
        float[] p = noisyPredictions(random, labels, 0.35f);
        OofErrors errors = feed(labels, new float[][] {p}, new float[] {T}, new OofErrorSettings(5, 5, 0.9, 1, 0.1));

        double base = F2Score.sampleAveraged(p, labels, CLASSES, T);
        assertThat(errors.meanF2()).isCloseTo(base, within(1e-12));
        for (LabelErrors label : errors.labels()) {
            int c = label.label();
            int support = 0;
            int predicted = 0;
            int tp = 0;
            float[] fixed = p.clone();
            for (int r = 0; r < ROWS; r++) {
                boolean truth = contains(labels[r], c);
                boolean pred = p[r * CLASSES + c] > T;
                support += truth ? 1 : 0;
                predicted += pred ? 1 : 0;
                tp += truth && pred ? 1 : 0;
                fixed[r * CLASSES + c] = truth ? 1 : 0; // this label's predictions made perfect
            }
            assertThat(label.support()).isEqualTo(support);
            assertThat(label.predicted()).isEqualTo(predicted);
            assertThat(label.tp()).isEqualTo(tp);
            assertThat(label.precision()).isCloseTo(predicted == 0 ? 0 : (double) tp / predicted, within(1e-12));
            assertThat(label.recall()).isCloseTo(support == 0 ? 0 : (double) tp / support, within(1e-12));
            double gain = F2Score.sampleAveraged(fixed, labels, CLASSES, T) - base;
            assertThat(label.f2Contribution()).as("label %d", c).isCloseTo(gain, within(1e-9));
        }
    }

    // guards: the worst rows are the rows of lowest F2 with their disputed labels (truth xor predicted)
    @Test
    void worstRowsAreTheLowestF2RowsWithTheirDisputedLabels() {
        Random random = new Random(5);
        int[][] labels = randomLabels(random);
        float[] p = noisyPredictions(random, labels, 0.45f);
        OofErrors errors = feed(labels, new float[][] {p}, new float[] {T}, new OofErrorSettings(20, 0, 0.9, 1, 0.1));

        double[] rowF2 = new double[ROWS];
        Integer[] order = new Integer[ROWS];
        for (int r = 0; r < ROWS; r++) {
            rowF2[r] = F2Score.sampleAveraged(Arrays.copyOfRange(p, r * CLASSES, (r + 1) * CLASSES),
                    new int[][] {labels[r]}, CLASSES, T);
            order[r] = r;
        }
        Arrays.sort(order, (a, b) -> rowF2[a] != rowF2[b] ? Double.compare(rowF2[a], rowF2[b]) : Integer.compare(a, b));
        List<RowErrors> worst = errors.worstRows();
        assertThat(worst).hasSize(20);
        for (int i = 0; i < 20; i++) {
            RowErrors row = worst.get(i);
            assertThat(row.row()).isEqualTo(order[i]);
            assertThat(row.rowF2()).isCloseTo(rowF2[order[i]], within(1e-12));
            for (DisputedLabel d : row.disputed()) {
                boolean pred = p[row.row() * CLASSES + d.label()] > T;
                assertThat(d.truth()).isEqualTo(contains(labels[row.row()], d.label())).isNotEqualTo(pred);
                assertThat(d.probabilities()).containsExactly(p[row.row() * CLASSES + d.label()]);
            }
        }
    }

    // guards: labels removed from the truth while the models predict them confidently rank at the top of "missing",
    // and a given label every model rejects ranks at the top of "wrong"
    @Test
    void labelsRemovedOnPurposeRankNearTheTop() {
        Random random = new Random(3);
        int[][] truth = randomLabels(random);
        float[] a = noisyPredictions(random, truth, 0.25f);
        float[] b = noisyPredictions(random, truth, 0.25f);
        int[][] given = new int[ROWS][];
        Set<Long> removed = new HashSet<>();
        for (int r = 0; r < ROWS; r++) {
            given[r] = truth[r];
            if (r % 15 == 0 && truth[r].length > 1) {
                int drop = truth[r][0];
                given[r] = Arrays.copyOfRange(truth[r], 1, truth[r].length);
                a[r * CLASSES + drop] = 0.97f;
                b[r * CLASSES + drop] = 0.95f;
                removed.add((long) r * CLASSES + drop);
            }
        }
        int added = 0;
        for (int r = 7; r < ROWS; r += 40) { // a wrong label that both models reject outright
            int c = firstAbsent(given[r]);
            given[r] = append(given[r], c);
            a[r * CLASSES + c] = 0.01f;
            b[r * CLASSES + c] = 0.02f;
            added++;
        }
        OofErrors errors = feed(given, new float[][] {a, b}, new float[] {T, T},
                new OofErrorSettings(0, 2 * removed.size(), 0.8, 2, 0.2));

        List<SuspectLabel> missing = errors.likelyMissing();
        Set<Long> found = new HashSet<>();
        for (SuspectLabel s : missing) {
            found.add((long) s.row() * CLASSES + s.label());
            assertThat(s.agreeing()).isEqualTo(2);
        }
        assertThat(found).containsAll(removed);
        for (int i = 0; i < removed.size(); i++) { // the removed ones lead: their mean p (0.96) beats any noise
            assertThat(removed).contains((long) missing.get(i).row() * CLASSES + missing.get(i).label());
        }
        List<SuspectLabel> wrong = errors.likelyWrong();
        for (int i = 0; i < added; i++) {
            assertThat(wrong.get(i).confidence()).isCloseTo(1 - 0.015, within(1e-6));
            assertThat(wrong.get(i).row() % 40).isEqualTo(7);
        }
    }

    private static OofErrors feed(int[][] labels, float[][] probs, float[] thresholds, OofErrorSettings settings) {
        OofErrors errors = new OofErrors(CLASSES, probs.length, settings);
        float[][] row = new float[probs.length][CLASSES];
        float[] score = new float[CLASSES];
        for (int r = ROWS - 1; r >= 0; r--) { // any order
            for (int m = 0; m < probs.length; m++) {
                System.arraycopy(probs[m], r * CLASSES, row[m], 0, CLASSES);
            }
            for (int c = 0; c < CLASSES; c++) {
                score[c] = row[0][c] - thresholds[0];
            }
            errors.addRow(r, labels[r], score, row, thresholds);
        }
        return errors;
    }

    private static int[][] randomLabels(Random random) {
        int[][] labels = new int[ROWS][];
        for (int r = 0; r < ROWS; r++) {
            Set<Integer> set = new HashSet<>();
            int n = 1 + random.nextInt(3);
            while (set.size() < n) {
                set.add(random.nextInt(CLASSES));
            }
            labels[r] = set.stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        return labels;
    }

    /** 0.75 on true labels, 0.1 elsewhere, plus uniform noise of the given width, in [0, 0.9]. */
    private static float[] noisyPredictions(Random random, int[][] labels, float noise) {
        float[] p = new float[ROWS * CLASSES];
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < CLASSES; c++) {
                float base = contains(labels[r], c) ? 0.75f : 0.1f;
                p[r * CLASSES + c] = Math.max(0, Math.min(0.9f, base + (random.nextFloat() * 2 - 1) * noise));
            }
        }
        return p;
    }

    private static boolean contains(int[] labels, int c) {
        return Arrays.stream(labels).anyMatch(l -> l == c);
    }

    private static int firstAbsent(int[] labels) {
        for (int c = 0; ; c++) {
            if (!contains(labels, c)) {
                return c;
            }
        }
    }

    private static int[] append(int[] labels, int c) {
        List<Integer> list = new ArrayList<>();
        Arrays.stream(labels).forEach(list::add);
        list.add(c);
        return list.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
