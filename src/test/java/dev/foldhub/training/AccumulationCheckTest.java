package dev.foldhub.training;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AccumulationCheckTest {

    private static TrainingConfig config(String train) {
        return TrainingConfigParser.parse("model:\n  arch: resnet18\n  input_size: 64\ntrain:\n" + train);
    }

    @Test
    void moreAccumulatedBatchesThanAPassHasIsRefusedNamingTheField() {
        // guards issue 13 item 13: accum_batches_num above the batches of a pass took no step (loss NaN)
        TrainingConfig config = config("  batch_size: 32\n  accum_batches_num: 6\n");
        assertThatThrownBy(() -> config.checkAccumulation(160)) // 5 batches of 32
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("train.accum_batches_num: is 6 but a pass over 160 training images has only 5 batches");
        assertThatCode(() -> config.checkAccumulation(161 + 31)).doesNotThrowAnyException(); // 6 batches
    }

    @Test
    void maxStepsPerEpochCountsAsTheLengthOfAPass() {
        // guards: a pass is min(batches, max_steps_per_epoch), as the training loop counts it
        TrainingConfig config = config("  batch_size: 8\n  max_steps_per_epoch: 3\n  accum_batches_num: 4\n");
        assertThatThrownBy(() -> config.checkAccumulation(10_000)).hasMessageContaining("max_steps_per_epoch 3");
        assertThatCode(() -> config("  batch_size: 8\n  accum_batches_num: 4\n").checkAccumulation(32))
                .doesNotThrowAnyException();
    }
}
