package dev.foldhub.experiment;

import dev.foldhub.prediction.Npy;
import java.util.List;

/**
 * A checked set of a model's level1 files, ready to store: one OOF file per fold of the assignment and test files
 * of some folds, each with its checked .npy header; their data are read when stored (probability = file value +
 * the fold's threshold).
 */
record Level1Set(String model, List<Fold> folds, List<Test> tests) {

    /** a fold's OOF file (rows: train.csv order within the fold) with its epoch, score and threshold */
    record Fold(int fold, int epoch, double score, double threshold, UploadedFile file, Npy.Float2dHeader header) {
    }

    /** a fold model's test predictions file (sample_submission.csv order) */
    record Test(int fold, double threshold, UploadedFile file, Npy.Float2dHeader header) {
    }
}
