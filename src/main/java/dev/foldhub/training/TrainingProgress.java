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

    /**
     * Called once the resume checkpoint of {@code epoch} is written (after {@link #onEpoch} of that epoch): the file
     * a restarted fold continues from. It is replaced by the next epoch's.
     */
    default void onCheckpoint(java.nio.file.Path resumeFile, int epoch) {
    }

    /** Polled between batches; {@code true} makes the trainer throw {@link TrainingCancelledException}. */
    boolean cancelRequested();

    /** Throws {@link TrainingCancelledException} when {@link #cancelRequested()}: the trainer's check between batches. */
    default void throwIfCancelled() {
        if (cancelRequested()) {
            throw new TrainingCancelledException("training cancelled");
        }
    }
}
