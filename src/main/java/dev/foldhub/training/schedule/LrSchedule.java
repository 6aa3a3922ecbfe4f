package dev.foldhub.training.schedule;

/**
 * A learning-rate schedule in the reference's stepping: {@link #lr()} is what the next batch trains with.
 * Continuous schedules (cyclic_lr, exponential, cosine) move after every batch, as train.py's train_epoch
 * steps them; step, multi_step and reduce_lr_on_plateau move after each epoch's validation.
 */
public interface LrSchedule {

    /** The learning rate of the next batch. */
    double lr();

    /** Before an epoch's first batch (CosineLRWithRestarts.epoch_step). */
    default void startEpoch() {
    }

    /** After every training batch. */
    default void afterBatch() {
    }

    /** After an epoch's validation, with its F2. */
    default void afterEpoch(double f2) {
    }
}
