package dev.foldhub.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FoldSplitTest {

    @Test
    void foldTwoHundredValidatesItsOwnRowsAndTrainsOnAllOthers() {
        // guards: fold numbers 128..255 are read unsigned (a signed byte compare put fold 200's rows in training)
        byte[] folds = new byte[256];
        for (int r = 0; r < folds.length; r++) {
            folds[r] = (byte) r;
        }
        folds[7] = (byte) 200;
        FoldAssignment assignment = new FoldAssignment(1, 1, 256, folds, "h");
        FoldSplit split = assignment.split(200);
        assertThat(split.validation()).containsExactly(7, 200);
        assertThat(split.train()).hasSize(254).doesNotContain(7, 200).contains(0, 127, 128, 199, 201, 255);
        assertThat(assignment.split(-56).validation()).isEmpty(); // (byte) 200 == -56: no row is fold -56
    }

    @Test
    void everyRowIsInExactlyOneSideInTrainCsvOrder() {
        // guards: train + validation partition the rows, each side ascending (the OOF rows' order)
        byte[] folds = {0, 1, 2, 0, (byte) 129, 1, (byte) 129, 0};
        FoldSplit split = new FoldAssignment(1, 1, 130, folds, "h").split(129);
        assertThat(split.validation()).containsExactly(4, 6);
        assertThat(split.train()).containsExactly(0, 1, 2, 3, 5, 7);
        assertThat(new FoldAssignment(1, 1, 130, folds, "h").split(0).validation()).containsExactly(0, 3, 7);
    }

    @Test
    void trainOnlyRowsTrainInEveryFoldAndAreInNoValidationSetOrWholeOof() {
        // guards: pseudo-labelled rows (255) never validate, so fold scores cover exactly the other rows
        byte[] folds = {0, 1, 2, (byte) FoldAssignment.TRAIN_ONLY, 1, (byte) FoldAssignment.TRAIN_ONLY};
        FoldAssignment assignment = new FoldAssignment(1, 1, 3, folds, "h");
        for (int fold = 0; fold < 3; fold++) {
            assertThat(assignment.split(fold).train()).contains(3, 5);
            assertThat(assignment.split(fold).validation()).doesNotContain(3, 5);
        }
        assertThat(assignment.split(1).validation()).containsExactly(1, 4);
        assertThat(assignment.validatedRows()).isEqualTo(4);
    }
}
