package dev.foldhub.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic OOF probabilities of two members on 20 labels in two groups (culture:: 0-9, tag:: 10-19): member A is
 * accurate on culture labels and weak (mostly noise) on tags, member B the reverse. Each row has one or two labels of each group;
 * folds are row % 5.
 */
final class TwoExpertsData {

    static final int CLASSES = 20;
    static final int CULTURE = 10;
    static final int FOLDS = 5;

    final int rows;
    final int[][] labels;
    final float[] memberA;
    final float[] memberB;

    TwoExpertsData(int rows, long seed) {
        this.rows = rows;
        Random random = new Random(seed);
        labels = new int[rows][];
        memberA = new float[rows * CLASSES];
        memberB = new float[rows * CLASSES];
        for (int r = 0; r < rows; r++) {
            boolean[] on = new boolean[CLASSES];
            for (int group = 0; group < 2; group++) {
                int count = 1 + random.nextInt(2);
                for (int i = 0; i < count; i++) {
                    on[group * CULTURE + random.nextInt(CULTURE)] = true;
                }
            }
            List<Integer> list = new ArrayList<>();
            for (int c = 0; c < CLASSES; c++) {
                if (on[c]) {
                    list.add(c);
                }
                boolean culture = c < CULTURE;
                float expert = on[c] ? 0.45f + 0.5f * random.nextFloat() : 0.45f * random.nextFloat();
                float noise = on[c] ? 0.2f + 0.7f * random.nextFloat() : 0.7f * random.nextFloat(); // weak signal
                memberA[r * CLASSES + c] = culture ? expert : noise;
                memberB[r * CLASSES + c] = culture ? noise : expert;
            }
            labels[r] = list.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    int foldOf(int row) {
        return row % FOLDS;
    }

    /** Fold k's stacking data: the other folds' rows train, fold k's rows validate (row order kept). */
    StackingData fold(int k, long seed) {
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            (foldOf(r) == k ? validation : train).add(r);
        }
        int[] trainIds = train.stream().mapToInt(Integer::intValue).toArray();
        int[] validationIds = validation.stream().mapToInt(Integer::intValue).toArray();
        return new StackingData(2, CLASSES, features(trainIds), labelsOf(trainIds), trainIds, features(validationIds),
                labelsOf(validationIds), validationIds, null, 0, seed);
    }

    float[] features(int[] ids) {
        return StackingData.interleave(List.of(rowsOf(memberA, ids), rowsOf(memberB, ids)), ids.length, CLASSES);
    }

    int[][] labelsOf(int[] ids) {
        int[][] out = new int[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            out[i] = labels[ids[i]];
        }
        return out;
    }

    static float[] rowsOf(float[] matrix, int[] ids) {
        float[] out = new float[ids.length * CLASSES];
        for (int i = 0; i < ids.length; i++) {
            System.arraycopy(matrix, ids[i] * CLASSES, out, i * CLASSES, CLASSES);
        }
        return out;
    }
}
