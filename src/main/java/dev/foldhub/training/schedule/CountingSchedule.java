package dev.foldhub.training.schedule;

/** Passes a schedule through and counts the training batches of an epoch, so a resume can replay the schedule. */
public final class CountingSchedule implements LrSchedule {

    private final LrSchedule schedule;
    private int batches;

    public CountingSchedule(LrSchedule schedule) {
        this.schedule = schedule;
    }

    public int batches() {
        return batches;
    }

    @Override
    public double lr() {
        return schedule.lr();
    }

    @Override
    public void startEpoch() {
        schedule.startEpoch();
    }

    @Override
    public void afterBatch() {
        batches++;
        schedule.afterBatch();
    }

    @Override
    public void afterEpoch(double f2) {
        schedule.afterEpoch(f2);
    }
}
