package dev.foldhub.experiment;

import dev.foldhub.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** Parses the folds an experiment trains: "0,1,2,3,4", a JSON list, or nothing for all folds. */
final class FoldSelection {

    private FoldSelection() {
    }

    static List<Integer> parse(Object folds, int numFolds) {
        if (folds == null || (folds instanceof String s && s.isBlank())) {
            List<Integer> all = new ArrayList<>();
            for (int f = 0; f < numFolds; f++) {
                all.add(f);
            }
            return all;
        }
        List<String> parts = new ArrayList<>();
        if (folds instanceof Collection<?> list) {
            list.forEach(item -> parts.add(String.valueOf(item)));
        } else {
            for (String part : String.valueOf(folds).split(",")) {
                parts.add(part);
            }
        }
        TreeSet<Integer> chosen = new TreeSet<>();
        for (String part : parts) {
            int fold;
            try {
                fold = Integer.parseInt(part.trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("folds", "'" + part.trim() + "' is not a fold number");
            }
            if (fold < 0 || fold >= numFolds) {
                throw new InvalidInputException("folds", "fold " + fold + " is outside 0.." + (numFolds - 1)
                        + " of the data set's fold assignment");
            }
            if (!chosen.add(fold)) {
                throw new InvalidInputException("folds", "fold " + fold + " is listed twice");
            }
        }
        if (chosen.isEmpty()) {
            throw new InvalidInputException("folds", "must name at least one fold");
        }
        return new ArrayList<>(chosen);
    }
}
