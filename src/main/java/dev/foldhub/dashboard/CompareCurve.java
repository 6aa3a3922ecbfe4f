package dev.foldhub.dashboard;

import dev.foldhub.experiment.EpochView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One experiment's validation-F2 curve for the compare page: at each epoch the mean F2 over the folds that validated
 * that epoch (how many is kept: a fold that stopped early leaves the later means to fewer folds).
 */
record CompareCurve(long experimentId, String name, List<Point> points) {

    /** The mean F2 of {@code folds} folds at one epoch. */
    record Point(int epoch, double meanF2, int folds) {
    }

    static CompareCurve of(long experimentId, String name, Map<Integer, List<EpochView>> epochsByFold) {
        // epoch -> {sum of F2, number of folds}
        TreeMap<Integer, double[]> sums = new TreeMap<>();
        for (List<EpochView> fold : epochsByFold.values()) {
            for (EpochView e : fold) {
                if (e.f2() != null) {
                    double[] s = sums.computeIfAbsent(e.epoch(), k -> new double[2]);
                    s[0] += e.f2();
                    s[1]++;
                }
            }
        }
        List<Point> points = new ArrayList<>();
        sums.forEach((epoch, s) -> points.add(new Point(epoch, s[0] / s[1], (int) s[1])));
        return new CompareCurve(experimentId, name, points);
    }
}
