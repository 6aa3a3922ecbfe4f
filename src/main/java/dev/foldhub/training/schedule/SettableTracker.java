package dev.foldhub.training.schedule;

import ai.djl.training.tracker.Tracker;

/** A learning-rate tracker the fold trainer sets before every step from its {@link LrDriver}. */
public final class SettableTracker implements Tracker {

    private volatile float value;

    public SettableTracker(double value) {
        set(value);
    }

    public void set(double lr) {
        this.value = (float) lr;
    }

    @Override
    public float getNewValue(int numUpdate) {
        return value;
    }
}
