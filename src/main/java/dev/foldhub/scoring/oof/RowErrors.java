package dev.foldhub.scoring.oof;

import java.util.List;

/**
 * One train row's OOF errors.
 *
 * @param row       train.csv row index
 * @param rowF2     the row's F2 of the predicted labels against the true ones
 * @param truth     true labels, ascending
 * @param predicted predicted labels, ascending
 * @param disputed  the labels in exactly one of truth and predicted, ascending
 */
public record RowErrors(int row, double rowF2, int[] truth, int[] predicted, List<DisputedLabel> disputed) {
}
