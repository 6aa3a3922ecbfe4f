package dev.foldhub.training;

/** Thrown by {@link FoldTrainer} when its {@link TrainingProgress} asks it to stop. */
public class TrainingCancelledException extends RuntimeException {

    public TrainingCancelledException(String message) {
        super(message);
    }
}
