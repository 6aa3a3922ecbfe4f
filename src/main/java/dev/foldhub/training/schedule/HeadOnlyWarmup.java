package dev.foldhub.training.schedule;

/**
 * train.head_only_warmup: train.py's first warm-up pass, in which model.py's freeze_layers() leaves only the last
 * layer trainable; its lr rises as the warm-up's (CyclicLR from 0 to train.warmup.max_lr over train.warmup.steps
 * batches). It runs before train.enable_warmup's pass when both are set.
 *
 * @param steps train.warmup.steps, 0 when off
 * @param maxLr train.warmup.max_lr
 */
public record HeadOnlyWarmup(int steps, double maxLr) {

    public static final HeadOnlyWarmup OFF = new HeadOnlyWarmup(0, 0);

    public boolean enabled() {
        return steps > 0;
    }

    /** The pass's lr schedule. */
    public LrSchedule schedule() {
        return new CyclicLr(0, maxLr, steps, 0, 1, true);
    }
}
