package dev.foldhub.training.schedule;

/**
 * PyTorch's ReduceLROnPlateau on the validation F2, as schedulers.reduce_lr_on_plateau builds it: after
 * {@code patience} epochs without improvement (rel: f2 > best (1 + threshold) in max mode; abs: f2 > best +
 * threshold) the lr becomes max(lr * factor, min_lr), then {@code cooldown} epochs pass before counting again.
 */
final class PlateauLr implements LrSchedule {

    private static final double EPS = 1e-8; // PyTorch's default eps: smaller reductions are skipped

    private final boolean maxMode;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final boolean relative;
    private final int cooldown;
    private final double minLr;
    private double lr;
    private double best;
    private int badEpochs;
    private int cooldownLeft;

    PlateauLr(double lr0, boolean maxMode, double factor, int patience, double threshold, boolean relative,
              int cooldown, double minLr) {
        this.lr = lr0;
        this.maxMode = maxMode;
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.relative = relative;
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.best = maxMode ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    @Override
    public double lr() {
        return lr;
    }

    @Override
    public void afterEpoch(double f2) {
        if (isBetter(f2)) {
            best = f2;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            badEpochs = 0;
        }
        if (badEpochs > patience) {
            double reduced = Math.max(lr * factor, minLr);
            if (lr - reduced > EPS) {
                lr = reduced;
            }
            cooldownLeft = cooldown;
            badEpochs = 0;
        }
    }

    private boolean isBetter(double a) {
        if (maxMode) {
            return relative ? a > best * (1 + threshold) : a > best + threshold;
        }
        return relative ? a < best * (1 - threshold) : a < best - threshold;
    }
}
