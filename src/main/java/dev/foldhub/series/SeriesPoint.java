package dev.foldhub.series;

/** One logged value of a metric series: its step and value. */
public record SeriesPoint(long step, double value) {
}
