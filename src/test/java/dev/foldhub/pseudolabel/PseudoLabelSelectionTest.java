package dev.foldhub.pseudolabel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PseudoLabelSelectionTest {

    @Test
    void keepsTheMostConfidentPredictedLabelsAtOrAboveTheMinimumUpToTheCap() {
        // guards: >= minConfidence kept, at most the cap per image by confidence (ties: lower class), images without
        // a kept label left out, classes ascending
        int[][] predicted = {{1, 4, 7}, {2}, {0, 3, 5}, {}};
        float[][] confidence = {{0.9f, 0.7f, 0.95f}, {0.69f}, {0.8f, 0.8f, 0.8f}, {}};
        PseudoLabelSelection.Selected all = PseudoLabelSelection.select(predicted, confidence, 0.7, Integer.MAX_VALUE);
        assertThat(all.rows()).containsExactly(0, 2);
        assertThat(all.classes()[0]).containsExactly(1, 4, 7);
        assertThat(all.labels()).isEqualTo(6);
        PseudoLabelSelection.Selected capped = PseudoLabelSelection.select(predicted, confidence, 0.7, 2);
        assertThat(capped.rows()).containsExactly(0, 2);
        assertThat(capped.classes()[0]).containsExactly(1, 7);
        assertThat(capped.classes()[1]).containsExactly(0, 3);
        assertThat(capped.labels()).isEqualTo(4);
    }

    @Test
    void binsConfidencesInTenthsWithOneInTheLastBin() {
        // guards: bin = floor(10 q), 1.0 in the last bin
        assertThat(PseudoLabelService.bin(0f)).isZero();
        assertThat(PseudoLabelService.bin(0.7f)).isEqualTo(7);
        assertThat(PseudoLabelService.bin(0.69f)).isEqualTo(6);
        assertThat(PseudoLabelService.bin(1f)).isEqualTo(9);
    }
}
