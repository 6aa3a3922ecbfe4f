package dev.foldhub.training.schedule;

/**
 * PyTorch's CyclicLR as the reference builds it (schedulers.cyclic_lr): a triangle from base_lr up to max_lr in
 * step_size_up batches and back in step_size_down, its height scaled by scale_fn(x) = gamma^(x - 1) where x is
 * the cycle number (scale_mode cycle) or the batch count (iterations); the reference always passes that
 * scale_fn, so {@code mode} has no effect. Also the warmup (base 0, step_size_down 0, gamma 1).
 */
final class CyclicLr implements LrSchedule {

    private final double baseLr;
    private final double maxLr;
    private final double totalSize;
    private final double stepRatio;
    private final double gamma;
    private final boolean scaleByCycle;
    private long iteration; // PyTorch's last_epoch: 0 for the first batch

    CyclicLr(double baseLr, double maxLr, double stepSizeUp, double stepSizeDown, double gamma, boolean scaleByCycle) {
        this.baseLr = baseLr;
        this.maxLr = maxLr;
        this.totalSize = stepSizeUp + stepSizeDown;
        this.stepRatio = stepSizeUp / totalSize;
        this.gamma = gamma;
        this.scaleByCycle = scaleByCycle;
    }

    @Override
    public double lr() {
        double cycle = Math.floor(1 + iteration / totalSize);
        double x = 1 + iteration / totalSize - cycle;
        double scale = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
        // lr = base + (max - base) * triangle(x) * gamma^(cycle or iteration - 1)
        return baseLr + (maxLr - baseLr) * scale * Math.pow(gamma, (scaleByCycle ? cycle : iteration) - 1);
    }

    @Override
    public void afterBatch() {
        iteration++;
    }
}
