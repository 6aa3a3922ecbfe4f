package dev.foldhub.training;

import ai.djl.training.tracker.Tracker;

/** A learning-rate tracker the fold trainer sets before every step from its {@link LrDriver}. */
final class SettableTracker implements Tracker {

    private volatile float value;

    SettableTracker(double value) {
        set(value);
    }

    void set(double lr) {
        this.value = (float) lr;
    }

    @Override
    public float getNewValue(int numUpdate) {
        return value;
    }
}
