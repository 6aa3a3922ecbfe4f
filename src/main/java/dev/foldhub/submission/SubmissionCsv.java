package dev.foldhub.submission;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes Kaggle's submission.csv: header {@code id,attribute_ids}, one row per test id in the given order,
 * the predicted labels' attribute ids ascending (numerically when they are numbers) and space-separated.
 */
final class SubmissionCsv {

    /** Numbers by value, before any non-numeric id, which sort as text. */
    static final Comparator<String> ATTRIBUTE_ORDER = Comparator
            .comparing((String id) -> isNumber(id) ? new BigInteger(id) : null,
                    Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Comparator.naturalOrder());

    private SubmissionCsv() {
    }

    /**
     * @param testIds      sample_submission.csv's ids, in its order
     * @param predicted    per row its predicted class indices
     * @param attributeIds labels.csv's attribute_id per class index
     */
    static String write(List<String> testIds, int[][] predicted, List<String> attributeIds) {
        if (testIds.size() != predicted.length) {
            throw new IllegalArgumentException(testIds.size() + " test ids but " + predicted.length + " predicted rows");
        }
        StringBuilder out = new StringBuilder(testIds.size() * 24).append("id,attribute_ids\n");
        List<String> labels = new ArrayList<>();
        for (int r = 0; r < predicted.length; r++) {
            labels.clear();
            for (int c : predicted[r]) {
                labels.add(attributeIds.get(c));
            }
            labels.sort(ATTRIBUTE_ORDER);
            out.append(testIds.get(r)).append(',').append(String.join(" ", labels)).append('\n');
        }
        return out.toString();
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() > 30) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
