package dev.foldhub.training.schedule;

import java.util.List;

/**
 * Per-epoch decays stepped after validation: step (StepLR: lr0 * gamma^floor(e / step_size)), multi_step
 * (MultiStepLR: lr0 * gamma^(milestones <= e)) and none (a StepLR of step 10^7: constant), e = 0-based epoch
 * as in the reference. exponential (ExponentialLR: lr0 * gamma^k) is continuous, so k counts batches.
 */
final class EpochDecayLr implements LrSchedule {

    private final double lr0;
    private final double gamma;
    private final int stepSize;
    private final List<Integer> milestones;
    private final boolean perBatch;
    private long count;

    private EpochDecayLr(double lr0, double gamma, int stepSize, List<Integer> milestones, boolean perBatch) {
        this.lr0 = lr0;
        this.gamma = gamma;
        this.stepSize = stepSize;
        this.milestones = milestones;
        this.perBatch = perBatch;
    }

    static EpochDecayLr step(double lr0, int stepSize, double gamma) {
        return new EpochDecayLr(lr0, gamma, stepSize, null, false);
    }

    static EpochDecayLr multiStep(double lr0, List<Integer> milestones, double gamma) {
        return new EpochDecayLr(lr0, gamma, 0, List.copyOf(milestones), false);
    }

    static EpochDecayLr exponential(double lr0, double gamma) {
        return new EpochDecayLr(lr0, gamma, 1, null, true);
    }

    static EpochDecayLr constant(double lr) {
        return new EpochDecayLr(lr, 1, 1, null, false);
    }

    @Override
    public double lr() {
        long decays = milestones == null ? count / stepSize : milestones.stream().filter(m -> m <= count).count();
        return lr0 * Math.pow(gamma, decays);
    }

    @Override
    public void afterBatch() {
        if (perBatch) {
            count++;
        }
    }

    @Override
    public void afterEpoch(double f2) {
        if (!perBatch) {
            count++;
        }
    }
}
