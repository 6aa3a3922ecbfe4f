package dev.foldhub.training;

/** How a running fold reports out and learns that it should stop. */
public interface TrainingProgress {

    /** A no-op progress that never cancels. */
    TrainingProgress NONE = new TrainingProgress() {
        @Override
        public void onEpoch(EpochStats stats) {
        }

        @Override
        public boolean cancelRequested() {
            return false;
        }
    };

    /** Called after each epoch's validation. */
    void onEpoch(EpochStats stats);

    /** Polled between batches; {@code true} makes the trainer throw {@link TrainingCancelledException}. */
    boolean cancelRequested();
}
