package dev.foldhub.scoring.oof;

/**
 * One label's OOF errors.
 *
 * @param label          class index (labels.csv order)
 * @param support        rows whose true labels hold it
 * @param predicted      rows where it is predicted
 * @param tp             rows where it is both
 * @param precision      tp / predicted (0 when never predicted)
 * @param recall         tp / support (0 when never true)
 * @param f2Contribution what sample-averaged OOF F2 would gain if this label's predictions were made perfect:
 *                       (1/N) sum over rows of F2(row with the label predicted iff true) - F2(row)
 */
public record LabelErrors(int label, int support, int predicted, int tp, double precision, double recall,
                          double f2Contribution) {
}
