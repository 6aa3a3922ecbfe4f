package dev.foldhub.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A fold's progress for tests: records epochs and checkpoints; asks to stop once {@code stopAfter} are written. */
public final class RecordingProgress implements TrainingProgress {

    public final List<EpochStats> epochs = new ArrayList<>();
    public final List<Integer> checkpoints = new ArrayList<>();
    private final int stopAfter;

    public RecordingProgress(int stopAfter) {
        this.stopAfter = stopAfter;
    }

    @Override
    public void onEpoch(EpochStats stats) {
        epochs.add(stats);
    }

    @Override
    public void onCheckpoint(Path resumeFile, int epoch) {
        assertThat(resumeFile).isRegularFile();
        checkpoints.add(epoch);
    }

    @Override
    public boolean cancelRequested() {
        return checkpoints.size() >= stopAfter;
    }
}
