package dev.foldhub.training.schedule;

/**
 * The reference's CosineLRWithRestarts (cosine_scheduler.py) as train.py builds it: lr = max(start_lr * (1 +
 * cos(pi t / period)) / 2, 1e-7) with t = epochs into the period + the fraction of the epoch done, taken from
 * linspace(0, 1, steps + 1) (steps = batches per epoch; epoch_size is a whole number of batches). After an epoch
 * start with t >= period the period grows by period_inc (at most max_period) and t restarts at 0.
 * train.py passes neither cosine.period_mult nor train.min_lr, so 1e-7 is the floor.
 */
final class CosineRestartsLr implements LrSchedule {

    private static final double MIN_LR = 1e-7;

    private final double startLr;
    private final int periodInc;
    private final int maxPeriod;
    private final int stepsPerEpoch;
    private int period;
    private int epochInPeriod = -1; // t_epoch
    private int batch; // index into the linspace
    private double lr;

    CosineRestartsLr(double startLr, int period, int periodInc, int maxPeriod, int stepsPerEpoch) {
        this.startLr = startLr;
        this.period = period;
        this.periodInc = periodInc;
        this.maxPeriod = maxPeriod;
        this.stepsPerEpoch = Math.max(1, stepsPerEpoch);
        this.lr = startLr;
    }

    @Override
    public double lr() {
        return lr;
    }

    @Override
    public void startEpoch() {
        epochInPeriod++;
        batch = 0;
        step();
    }

    @Override
    public void afterBatch() {
        batch = Math.min(batch + 1, stepsPerEpoch); // the linspace ends at 1
        step();
    }

    private void step() {
        double t = epochInPeriod + (double) batch / stepsPerEpoch;
        lr = Math.max(startLr * 0.5 * (1 + Math.cos(Math.PI * t / period)), MIN_LR);
        if (epochInPeriod % period < epochInPeriod) { // checked on every step, as the reference does
            period = Math.min(period + periodInc, maxPeriod);
            epochInPeriod = 0;
        }
    }
}
