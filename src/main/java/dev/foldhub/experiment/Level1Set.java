package dev.foldhub.experiment;

import java.util.List;

/**
 * A checked set of a model's level1 files, ready to store: one OOF matrix per fold of the assignment
 * and test matrices of some folds, probabilities already = file value + the fold's threshold.
 */
record Level1Set(String model, List<Fold> folds, List<Test> tests) {

    /** a fold's OOF rows (train.csv order within the fold) with its epoch, score and threshold */
    record Fold(int fold, int epoch, double score, double threshold, int rows, int classes, float[] probabilities) {
    }

    /** a fold model's test predictions (sample_submission.csv order) */
    record Test(int fold, double threshold, int rows, int classes, float[] probabilities) {
    }
}
