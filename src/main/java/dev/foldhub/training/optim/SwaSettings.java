package dev.foldhub.training.optim;

/**
 * train.swa: stochastic weight averaging (see {@link SwaAverage}).
 *
 * @param enable train.swa.enable
 * @param period train.swa.period: a snapshot after every period-th epoch (0-based epochs period, 2 period, ...)
 */
public record SwaSettings(boolean enable, int period) {

    public static final SwaSettings OFF = new SwaSettings(false, 0);
}
